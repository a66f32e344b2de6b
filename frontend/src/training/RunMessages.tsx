// What a run's dashboard says under its controls: a lost stream, its warnings, a failed Stop,
// and the message it ended with.
import type { EndEvent, WarningEvent } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { endMessage } from "./endMessage";
import { RunWarnings } from "./insight/RunWarnings";

interface Props {
  /** Why the run's events stopped coming, if they did. */
  problem: string | null;
  warnings: WarningEvent[];
  stopError: string | null;
  end: EndEvent | null;
}

export function RunMessages({ problem, warnings, stopError, end }: Props) {
  return (
    <>
      {problem && (
        <p className="design-error" role="alert" data-testid="run-refused">
          <CodeText text={problem} />
        </p>
      )}
      <RunWarnings warnings={warnings} />
      {stopError && (
        <p className="design-error">
          Could not stop the run: <CodeText text={stopError} />
        </p>
      )}
      {end?.message && (
        <p className={`result-message result-${end.status}`} data-testid="run-message">
          <CodeText text={endMessage(end.message)} />
        </p>
      )}
    </>
  );
}
