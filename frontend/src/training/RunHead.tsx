// The head of a run's dashboard: its name and id, the actions beside them, and the lines under
// them that say what it is (its note, augmentations, data options).
import type { ReactNode } from "react";
import { takeFocusFromBody } from "../api/takeFocus";

interface Props {
  runId: string;
  /** The run's own name, or its design's. */
  title: string;
  actions?: ReactNode;
  /** The run's model page, linked beside the actions; null: not here (its downloads link it). */
  modelPage: string | null;
  note?: string | null;
  augmented?: string | null;
  dataOptions?: string | null;
}

export function RunHead({ runId, title, actions, modelPage, note, augmented, dataOptions }: Props) {
  return (
    <>
      <div className="dashboard-head">
        <h2 tabIndex={-1} ref={takeFocusFromBody}>
          <span data-testid="run-title">{title}</span> <code data-testid="run-id">{runId}</code>
        </h2>
        <span className="dashboard-actions">
          {actions}
          {modelPage && (
            <a className="button" href={modelPage} data-testid="run-model-page">
              Model page
            </a>
          )}
        </span>
      </div>
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
