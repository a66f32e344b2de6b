// The design as PyTorch code: a "Code" button that opens the file the server writes for it, the
// network alone or the whole training script a run of it would give (its data, loss and loop).
import { useEffect, useRef, useState, type CSSProperties } from "react";
import { createPortal } from "react-dom";
import { attachmentName } from "../api/attachmentName";
import { ApiError, client, unwrap } from "../api/client";
import type { Design, TrainingSettings } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { useUnderBar } from "./useUnderBar";

/** The file's text and the name the server gives it (as its own lines say to run it). */
type Code = { text: string; name: string | null } | { errors: string[] } | null;
type Kind = "network" | "script";

/** The server's file for the design (and, for the script, its settings), or the messages of the
 * issues that stop it. */
async function fetchCode(kind: Kind, design: Design, training: TrainingSettings, signal: AbortSignal): Promise<Code> {
  try {
    const call =
      kind === "network"
        ? client.POST("/api/designs/code", { body: { design }, parseAs: "text", signal })
        : client.POST("/api/designs/script", { body: { design, training }, parseAs: "text", signal });
    const text = await unwrap(call);
    return { text, name: attachmentName((await call).response.headers.get("content-disposition")) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const messages = error.errors.map((e) => e.message);
    return { errors: messages.length ? messages : [error.message] };
  }
}

function useDesignCode(kind: Kind, design: Design, training: TrainingSettings, open: boolean): Code {
  const [code, setCode] = useState<Code>(null);
  // The network's code does not change with the settings: no request for each one typed.
  const settings = kind === "script" ? training : null;
  useEffect(() => setCode(null), [kind]); // never the other kind's text under this one's name
  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      fetchCode(kind, design, settings ?? training, abort.signal)
        .then(setCode)
        .catch((e: unknown) => {
          if (!abort.signal.aborted) setCode({ errors: [e instanceof Error ? e.message : String(e)] });
        });
    }, 150); // typing in a param field sends one request, not one per key
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [kind, design, settings, open]); // training counts only through `settings`
  return code;
}

const pre: CSSProperties = {
  margin: 0,
  overflow: "auto",
  padding: "0.75rem",
  background: "var(--surface)",
  borderRadius: "6px",
  font: "12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  whiteSpace: "pre",
};

export function CodePanel({ design, training }: { design: Design; training: TrainingSettings }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>("network");
  const [copied, setCopied] = useState(false);
  const code = useDesignCode(kind, design, training, open);
  const text = code && "text" in code ? code.text : null;
  // As the server names it: "network 1.py" was saved, where its lines said to run network-1.py.
  const fileName = (code && "name" in code ? code.name : null) ?? `${design.name || "model"}.py`;
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  useUnderBar(panel, button, open);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  // The panel is on the page's body, after everything: the focus goes into it as it opens, so
  // that the next Tab reaches its buttons, not the rest of the page first.
  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);

  // Escape closes the panel, as it does any dialog, and gives the focus back to the Code button.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  const copy = () => {
    if (!text) return;
    void navigator.clipboard?.writeText(text).then(() => setCopied(true));
    window.setTimeout(() => setCopied(false), 1500);
  };

  const download = () => {
    if (!text) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/x-python" }));
    link.download = fileName;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  return (
    <>
      <button ref={button} data-testid="code-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Code
      </button>
      {/* On the page's body, above the bar's own layer: on a phone it covers the whole screen,
          Train's bar and the nav included (phone.css), where Train drew over it and took taps. */}
      {open &&
        createPortal(
          <section ref={panel} tabIndex={-1} className="code-panel" role="dialog" aria-label="PyTorch code" data-testid="code-panel">
            {/* On a phone the title and the buttons wrap, each whole. */}
            <div style={{ display: "flex", alignItems: "center", gap: "0.5rem", flexWrap: "wrap" }}>
              <strong style={{ flex: "1 1 12rem" }}>PyTorch code · {fileName}</strong>
              <span role="group" aria-label="Which code" className="code-kinds">
                <button aria-pressed={kind === "network"} onClick={() => setKind("network")} data-testid="code-kind-network">
                  Network
                </button>
                <button aria-pressed={kind === "script"} onClick={() => setKind("script")} data-testid="code-kind-script" title="Net with its data, loss and training loop, as a run of it would give">
                  Training script
                </button>
              </span>
              <button onClick={copy} disabled={!text} data-testid="code-copy">
                {copied ? "Copied" : "Copy"}
              </button>
              <button onClick={download} disabled={!text} data-testid="code-download">
                Download .py
              </button>
              <button onClick={close} aria-label="Close the code">
                ×
              </button>
            </div>
            {code === null && <p>Writing the code…</p>}
            {code && "errors" in code && (
              <div role="alert" data-testid="code-errors" style={{ color: "var(--error)" }}>
                <p style={{ margin: 0 }}>{kind === "network" ? "The design has no code until it is valid:" : "No training script until it could train:"}</p>
                <ul>
                  {code.errors.map((message) => (
                    <li key={message}>
                      <CodeText text={message} />
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {text && (
              <pre style={pre} data-testid="code-text">
                {text}
              </pre>
            )}
          </section>,
          document.body,
        )}
    </>
  );
}
