// What a downloadable set (MNIST, CIFAR-10) not in the data folder yet means for a run: fetched
// on the first run, or out of this server's reach, said while the design is made, not after Train.
import { useEffect, useState } from "react";
import { client, unwrap } from "../api/client";
import type { DownloadSource } from "../api/types";
import { CodeText } from "../editor/CodeText";

export function DownloadNote({ name }: { name: string }) {
  const [source, setSource] = useState<DownloadSource | null>(null);
  useEffect(() => {
    let live = true;
    setSource(null);
    unwrap(client.GET("/api/datasets/{dataset_id}/source", { params: { path: { dataset_id: name } } })).then(
      (s) => live && setSource(s),
      () => live && setSource(null), // the run itself then says what went wrong
    );
    return () => {
      live = false;
    };
  }, [name]);
  if (source?.state === "unreachable")
    return (
      <p className="upload-error" role="status" data-testid="download-note">
        <CodeText text={source.message} />
      </p>
    );
  return (
    <p className="hint" data-testid="download-note">
      {source?.message ?? "Downloaded by the server when a run first uses it."}
    </p>
  );
}
