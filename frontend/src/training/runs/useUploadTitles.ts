// The titles of this browser's uploads, so that the runs page tells apart two that share one
// (the same file uploaded twice), as the editor's dataset picker does.
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";

export function useUploadTitles(): { name: string; title: string }[] {
  const [uploads, setUploads] = useState<{ name: string; title: string }[]>([]);
  useEffect(() => {
    let live = true;
    // Without them the page still works: only the ids beside shared titles are missing.
    unwrap(client.GET("/api/datasets")).then(
      (records) => live && setUploads(records.map((record) => ({ name: record.id, title: record.title }))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return uploads;
}
