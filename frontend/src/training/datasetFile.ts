// An upload's file, as its owner downloads it (GET /api/datasets/{id}/file): where, its name, its size.
import { useEffect, useState } from "react";

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

/** The file name of a Content-Disposition header: `filename*=utf-8''…` first, then `filename="…"`. */
export function attachmentName(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*=utf-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      return null;
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? null;
}

/** The file of an upload the viewer owns; null while asked, and for a built-in, someone else's or
 * a deleted upload (the server answers 404). A HEAD: the size and name, not the file. */
export function useDatasetFile(datasetId: string | null | undefined): DatasetFile | null {
  const [file, setFile] = useState<DatasetFile | null>(null);
  useEffect(() => {
    setFile(null);
    if (!datasetId?.startsWith("upload-")) return;
    let live = true;
    const url = datasetFileUrl(datasetId);
    fetch(url, { method: "HEAD" }).then(
      (reply) => {
        if (!live || !reply.ok) return;
        const length = reply.headers.get("content-length");
        const name = attachmentName(reply.headers.get("content-disposition")) ?? datasetId;
        setFile({ url, name, size: length === null ? null : Number(length) });
      },
      () => undefined, // offline: no link, as for a missing file
    );
    return () => {
      live = false;
    };
  }, [datasetId]);
  return file;
}
