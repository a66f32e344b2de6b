// The head of a run's dashboard: its name and id, the actions beside them, and the lines under
// them that say what it is (its note, augmentations, data options).
import type { ReactNode } from "react";
import { runPagePath } from "../api/pages";
import { takeFocusFromBody } from "../api/takeFocus";

// A review: a queued run offered "Model page" as if it had a model to open.
const QUEUED_MODEL_PAGE = "Its model page: a link to share it works now; try it and download it once it has trained.";

interface Props {
  runId: string;
  /** The run's own name, or its design's. */
  title: string;
  actions?: ReactNode;
  /** The run's model page, linked beside the actions; null: not here (its downloads link it). */
  modelPage: string | null;
  /** It has not started: its model page shares it now, and has nothing to try or download yet. */
  queued?: boolean;
  note?: string | null;
  augmented?: string | null;
  dataOptions?: string | null;
  /** Its history in a line, where it went on after an end (runHistory.ts); null: trained once. */
  history?: string | null;
  /** The run it is a copy of, made to train more as a new run: linked after its history. */
  original?: string | null;
}

export function RunHead({ runId, title, actions, modelPage, queued = false, note, augmented, dataOptions, history = null, original = null }: Props) {
  return (
    <>
      <div className="dashboard-head">
        <h2 tabIndex={-1} ref={takeFocusFromBody}>
          <span data-testid="run-title">{title}</span> <code data-testid="run-id">{runId}</code>
        </h2>
        <span className="dashboard-actions">
          {actions}
          {modelPage && (
            <a className="button" href={modelPage} data-testid="run-model-page" title={queued ? QUEUED_MODEL_PAGE : undefined}>
              {queued ? "Model page: share it" : "Model page"}
            </a>
          )}
        </span>
      </div>
      {history && (
        <p className="run-history muted" data-testid="run-history">
          {history}
          {original && (
            <>
              {" "}
              <a href={runPagePath(original)} data-testid="run-history-original">
                Open the original run
              </a>
            </>
          )}
        </p>
      )}
      {note && (
        <p className="run-page-note muted" data-testid="run-page-note">
          {note}
        </p>
      )}
      {augmented && (
        <p className="run-augmented muted" data-testid="run-augmentations">
          Augmented: {augmented}
        </p>
      )}
      {dataOptions && (
        <p className="run-augmented muted" data-testid="run-data-options">
          Data: {dataOptions}
        </p>
      )}
    </>
  );
}
