// "Find a learning rate": a range test of the design as it stands, its curve, and a button that
// sets the suggested rate (and one that takes it back).
import { useState } from "react";
import { runPagePath } from "../../api/pages";
import type { Design, TrainingSettings } from "../../api/types";
import { LrRangeChart } from "./LrRangeChart";
import { formatRate } from "./rangeCurve";
import { useLrFinder } from "./useLrFinder";
import "./lrFinder.css";
import { CodeText } from "../../editor/CodeText";

interface Props {
  design: Design;
  settings: TrainingSettings;
  /** Why the design cannot train yet; the test cannot either. */
  disabledReason: string | null;
  onUseLr: (lr: number) => void;
}

export function LrFinder({ design, settings, disabledReason, onUseLr }: Props) {
  const finder = useLrFinder(design, settings);
  const [used, setUsed] = useState<{ from: number; to: number } | null>(null);
  const { tally, running } = finder;
  const curve = tally.lrRange;
  const [step, total] = [tally.progress?.step ?? 0, tally.started?.total_steps ?? 100];
  // The rate as its button says it: "Use 3.0e-3" sets 0.003, not 0.0030173….
  const use = (lr: number) => (setUsed({ from: settings.lr, to: lr }), onUseLr(lr));
  const suggested = curve?.suggested_lr != null ? Number(formatRate(curve.suggested_lr)) : null;
  const find = () => (setUsed(null), finder.find());
  return (
    <div className="lr-finder" data-testid="lr-finder">
      <div className="lr-finder-row">
        <button
          type="button"
          data-testid="lr-find-button"
          disabled={disabledReason !== null || running}
          title={disabledReason ?? "Trains a fresh copy of the design for up to 100 steps while the rate rises from 1e-7 to 10"}
          onClick={find}
        >
          Find a learning rate
        </button>
        {running && (
          <>
            <progress max={total} value={step} aria-label="Range test progress" />
            <span className="muted" data-testid="lr-find-progress">
              {step > 0 ? `step ${step} of ${total}` : "starting…"}
            </span>
            <button
              type="button"
              data-testid="lr-find-stop"
              disabled={finder.stopping || finder.runId === null}
              title="Ends the test here: the curve so far is kept, with a suggestion once its loss has turned up"
              onClick={finder.stop}
            >
              {finder.stopping ? "Stopping…" : "Stop"}
            </button>
          </>
        )}
      </div>
      {finder.error && (
        <p className="run-errors" role="alert" data-testid="lr-find-error">
          <CodeText text={finder.error} />
        </p>
      )}
      {!running && tally.end && !curve && <p className="muted">{tally.end.message ?? "The test ended without a curve."}</p>}
      {curve && !running && (
        <div className="lr-finder-result" data-testid="lr-finder-result">
          <LrRangeChart curve={curve} version={finder.version} />
          {curve.suggested_lr != null ? (
            <p className="hint" data-testid="lr-suggestion">
              Suggested <strong>{formatRate(curve.suggested_lr)}</strong>: {curve.suggested_by}
              {curve.min_lr != null && ` (${formatRate(curve.min_lr)})`}. {tally.end?.message}{" "}
              {finder.runId && <a href={runPagePath(finder.runId)}>Its run</a>}
            </p>
          ) : (
            <p className="hint" data-testid="lr-no-suggestion">
              {tally.end?.message} {finder.runId && <a href={runPagePath(finder.runId)}>Its run</a>}
            </p>
          )}
          {finder.stale && (
            <p className="hint lr-stale" role="status" data-testid="lr-stale">
              Found for the settings before your change: run it again.
            </p>
          )}
          {suggested !== null && used?.to !== suggested && (
            <button
              type="button"
              className="primary"
              data-testid="lr-use-button"
              disabled={finder.stale}
              title={finder.stale ? "The design or the settings changed since this test: run it again" : undefined}
              onClick={() => use(suggested)}
            >
              Use {formatRate(suggested)}
            </button>
          )}
          {used && (
            <p className="hint" role="status" data-testid="lr-used">
              Learning rate set to {formatRate(used.to)} (was {formatRate(used.from)}).{" "}
              <button type="button" className="link" data-testid="lr-undo-button" onClick={() => (onUseLr(used.from), setUsed(null))}>
                Undo
              </button>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
