// What training the design will take: bytes of parameters, gradients, optimizer state, activations.
import type { SizeEstimate as Estimate } from "../api/types";
import { formatCount } from "./format";
import { formatBytes } from "./formatBytes";

/** 1.2 M, 34.5 k: for large counts of operations. */
function formatLarge(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** `checked`: the server has answered for this design (a busy or unreached one may not have). */
export function SizeEstimate({ estimate, optimizer, checked = true }: { estimate: Estimate | null | undefined; optimizer: string | null; checked?: boolean }) {
  const rows: [string, string, number, string][] = estimate
    ? [
        ["parameters", "Parameters", estimate.parameter_bytes, ""],
        ["gradients", "Gradients", estimate.gradient_bytes, ""],
        ["optimizer", optimizer ? `${optimizer} state` : "Optimizer state", estimate.optimizer_bytes, ""],
        ["activations", `Activations (batch of ${estimate.batch_size})`, estimate.activation_bytes, `: what autograd keeps for the backward pass, as torch saves it (a ReLU's output, a Linear's input, MaxPool's indices, Dropout's mask), each tensor once`],
      ]
    : [];
  return (
    <section className="panel facts" aria-label="Size estimate" data-testid="size-estimate">
      <h2>Size estimate</h2>
      {!estimate ? (
        <p className="muted">{checked ? "Shown once the design is valid." : "Shown once the design is checked."}</p>
      ) : (
        <dl className="estimate">
          {rows.map(([key, label, bytes, what]) => (
            <div key={key} data-testid={`estimate-${key}`} title={`${formatCount(bytes)} bytes${what}`}>
              <dt>{label}</dt>
              <dd>{formatBytes(bytes)}</dd>
            </div>
          ))}
          <div className="estimate-total" data-testid="estimate-total" title={`${formatCount(estimate.total_bytes)} bytes`}>
            <dt>Total memory to train</dt>
            <dd>{formatBytes(estimate.total_bytes)}</dd>
          </div>
          {estimate.frozen_params > 0 && (
            <div data-testid="estimate-trainable" title="Frozen layers keep no gradients or optimizer state">
              <dt>Trainable / frozen parameters</dt>
              <dd>
                {formatCount(estimate.trainable_params)} / {formatCount(estimate.frozen_params)}
              </dd>
            </div>
          )}
          <div data-testid="estimate-macs" title={`${formatCount(estimate.macs_per_sample)} multiply-accumulates`}>
            <dt>Multiply-accumulates per sample</dt>
            <dd>{formatLarge(estimate.macs_per_sample)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
