// One download of the model page. A file made on its first download (an export, the bundle) can
// take seconds before the browser sees a byte, so its first click shows "Preparing…" while the
// server makes it, then hands the finished file to the browser and shows its size. The tab keeps
// that size: the training script, written at each download, has none in the model's view, and
// after a reload said "made on first download" again where the exports showed theirs.
// A file made already stays a plain link (right-click, open in a new tab), and the browser streams
// it; but a refused one (a share link revoked while its page was open: 410) it cancels silently,
// so each click also asks the server, and says why when it refuses. A screen reader hears the wait
// and its end, politely, from a live region that is there before either (one made with its words
// says nothing).
import { useEffect, useState, type MouseEvent } from "react";
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

/** The server's reason for refusing a download (its JSON `detail`), or its status. */
async function refusedBecause(reply: Response): Promise<string> {
  const body = (await reply.json().catch(() => null)) as { detail?: unknown } | null;
  return typeof body?.detail === "string" ? body.detail : `${reply.status} ${reply.statusText}`;
}

/** A file's title as a sentence names it: "ONNX (.onnx)" is the ONNX file. */
export function spokenName(title: string): string {
  return title.replace(/\s*\(.*\)\s*$/, "");
}

/** Why the server refuses `url` now, or null where it serves it. */
async function refusal(url: string): Promise<string | null> {
  const head = await fetch(url, { method: "HEAD" });
  if (head.ok) return null;
  // A HEAD has no body to say why: the refusal's own GET is small (it sends no file).
  const reply = await fetch(url);
  if (reply.ok) {
    void reply.body?.cancel(); // served after all: the browser's own download stands
    return null;
  }
  return refusedBecause(reply);
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

/** The length of `url` as a HEAD hears it, or null where the server does not say. */
async function headLength(url: string): Promise<number | null> {
  const head = await fetch(url, { method: "HEAD" });
  const length = Number(head.headers.get("content-length"));
  return head.ok && length > 0 ? length : null;
}

/** `askSize`: a file written at each download (the training script), which the model's view gives
 * no size: a HEAD asks it, so it shows one as the stored files do, in a new tab too, where it said
 * "made on first download" after it had been downloaded. */
/** `onMade`: told once a download has made its file on the server, which may have made others
 * with it (the bundle holds the TorchScript file). */
export function DownloadLink({ file, askSize = false, onMade }: { file: ModelFile; askSize?: boolean; onMade?: () => void }) {
  const [made, setMade] = useState<number | null>(null);
  useEffect(() => {
    if (!askSize || file.size != null) return;
    let on = true;
    headLength(file.url).then((length) => on && length !== null && setMade(length), () => undefined);
    return () => {
      on = false;
    };
  }, [askSize, file.url, file.size]);
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
  const [said, setSaid] = useState("");

  const fail = (e: unknown) => {
    setProblem(e instanceof Error ? e.message : String(e));
    setState("failed");
    setSaid(""); // the alert says why
  };

  const prepare = (event: MouseEvent) => {
    if (size !== null) {
      // Made already: the browser downloads it as it streams. Beside it, not before it, a HEAD (no
      // body, the same checks as the GET) hears a refusal, whose reason only a GET's body carries;
      // a good download waits for nothing.
      setProblem(null);
      setState("idle");
      void refusal(file.url).then((reason) => reason !== null && fail(reason), () => undefined);
      return;
    }
    event.preventDefault();
    if (state === "preparing") return;
    setState("preparing");
    setProblem(null);
    setSaid(`Preparing the ${spokenName(file.title)} file…`);
    fetch(file.url)
      .then(async (reply) => {
        if (!reply.ok) throw new Error(await refusedBecause(reply));
        const blob = await reply.blob();
        save(blob, attachmentName(reply.headers.get("content-disposition")) ?? file.name);
        setMade(blob.size);
        rememberSize(file.url, blob.size);
        onMade?.();
        setState("idle");
        setSaid(`The ${spokenName(file.title)} file is ready and downloaded (${formatBytes(blob.size)}).`);
      })
      .catch(fail);
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
        <span className="file-size">
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
      <span className="visually-hidden" role="status" data-testid={`file-said-${file.name}`}>
        {said}
      </span>
      {problem && (
        <p className="design-error" role="alert" data-testid={`file-error-${file.name}`}>
          Could not {size === null ? "make" : "download"} {file.title}: {problem}
        </p>
      )}
    </>
  );
}
