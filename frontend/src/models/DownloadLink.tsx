// One download of the model page. A file made on its first download (an export, the bundle) can
// take seconds before the browser sees a byte, so its first click shows "Preparing…" while the
// server makes it, then hands the finished file to the browser and shows its size. The tab keeps
// that size: the training script, written at each download, has none in the model's view, and
// after a reload said "made on first download" again where the exports showed theirs.
import { useState, type MouseEvent } from "react";
import type { ModelView } from "../api/types";
import { attachmentName } from "../api/attachmentName";
import { formatBytes } from "./formatBytes";

type ModelFile = ModelView["files"][number];

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The sizes of the files this tab downloaded, by their URL (sessionStorage).
const SIZES = "torchcanvas.downloadSizes";

function downloadedSizes(): Record<string, unknown> {
  try {
    const sizes: unknown = JSON.parse(window.sessionStorage.getItem(SIZES) ?? "{}");
    return typeof sizes === "object" && sizes !== null ? (sizes as Record<string, unknown>) : {};
  } catch {
    return {}; // storage off, or not JSON: as if none was downloaded
  }
}

function rememberSize(url: string, size: number) {
  try {
    window.sessionStorage.setItem(SIZES, JSON.stringify({ ...downloadedSizes(), [url]: size }));
  } catch {
    // storage off or full: the size shows until the page goes
  }
}

export function DownloadLink({ file }: { file: ModelFile }) {
  const [made, setMade] = useState<number | null>(null);
  const size = made ?? file.size ?? null;
  // Shown, not trusted: a file that the server may have to make again still goes through
  // "Preparing…" on its click.
  const [downloaded] = useState(() => {
    const kept = downloadedSizes()[file.url];
    return typeof kept === "number" ? kept : null;
  });
  const shownSize = size ?? downloaded;
  const [state, setState] = useState<"idle" | "preparing" | "failed">("idle");
  const [problem, setProblem] = useState<string | null>(null);

  const prepare = (event: MouseEvent) => {
    if (size !== null) return; // made already: the browser downloads it as it streams
    event.preventDefault();
    if (state === "preparing") return;
    setState("preparing");
    setProblem(null);
    fetch(file.url)
      .then(async (reply) => {
        if (!reply.ok) throw new Error(((await reply.json().catch(() => null)) as { detail?: string } | null)?.detail ?? `${reply.status} ${reply.statusText}`);
        const blob = await reply.blob();
        save(blob, attachmentName(reply.headers.get("content-disposition")) ?? file.name);
        setMade(blob.size);
        rememberSize(file.url, blob.size);
        setState("idle");
      })
      .catch((e: unknown) => {
        setProblem(e instanceof Error ? e.message : String(e));
        setState("failed");
      });
  };

  if (file.unavailable)
    return (
      <span className="button file-unavailable" aria-disabled="true" title={file.unavailable} data-testid={`file-${file.name}`} data-state="unavailable">
        {file.title} <span className="file-size">not made on this server</span>
      </span>
    );
  const preparing = state === "preparing";
  return (
    <>
      <a className="button" href={file.url} download onClick={prepare} aria-busy={preparing} data-state={state} data-testid={`file-${file.name}`}>
        {file.title}{" "}
        <span className="file-size" role={preparing ? "status" : undefined}>
          {preparing ? (
            <>
              <span className="spinner" aria-hidden="true" /> Preparing…
            </>
          ) : shownSize == null ? (
            "made on first download"
          ) : (
            formatBytes(shownSize)
          )}
        </span>
      </a>
      {problem && (
        <p className="design-error" data-testid={`file-error-${file.name}`}>
          Could not make {file.title}: {problem}
        </p>
      )}
    </>
  );
}
