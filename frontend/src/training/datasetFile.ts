// An upload's file, as its owner downloads it (GET /api/datasets/{id}/file): where, its name, its size.
import { useEffect, useState } from "react";
import { attachmentName } from "../api/attachmentName";

export interface DatasetFile {
  url: string;
  /** The name the server gives it (Content-Disposition): the uploaded file's, as `shapes.zip`. */
  name: string;
  /** In bytes; null where the server did not say. */
  size: number | null;
}

export function datasetFileUrl(datasetId: string): string {
  return `/api/datasets/${encodeURIComponent(datasetId)}/file`;
}

/** The file of an upload the viewer owns; null while asked, and for a built-in, someone else's or
 * a deleted upload (the server answers 404). A HEAD: the size and name, not the file. */
export function useDatasetFile(datasetId: string | null | undefined): DatasetFile | null {
  // Held with the id it answers for: another id's file is never shown, not even for the render
  // between a new id and the effect that asks about it.
  const [held, setHeld] = useState<{ datasetId: string; file: DatasetFile } | null>(null);
  useEffect(() => {
    if (!datasetId?.startsWith("upload-")) return;
    let live = true;
    const url = datasetFileUrl(datasetId);
    fetch(url, { method: "HEAD" }).then(
      (reply) => {
        if (!live) return;
        if (!reply.ok) return setHeld(null); // deleted since it was last asked about: no link
        const length = reply.headers.get("content-length");
        const name = attachmentName(reply.headers.get("content-disposition")) ?? datasetId;
        setHeld({ datasetId, file: { url, name, size: length === null ? null : Number(length) } });
      },
      () => undefined, // offline: no link, as for a missing file
    );
    return () => {
      live = false;
    };
  }, [datasetId]);
  return held !== null && held.datasetId === datasetId ? held.file : null;
}
