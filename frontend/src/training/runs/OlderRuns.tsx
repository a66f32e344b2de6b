// Under the runs table: Show older runs while the server has runs older than those listed, and
// once they are all listed (after a press), a line that says so and takes the button's focus.
import { useEffect, useRef } from "react";
import { RUNS_PAGE } from "./newestRuns";

interface Props {
  /** Runs listed now. */
  listed: number;
  more: boolean;
  /** Whether older runs were asked for on this page (the line shows only then). */
  asked: boolean;
  /** Whether the list is being asked for again, older runs and all. */
  loading: boolean;
  onMore: () => void;
}

export function OlderRuns({ listed, more, asked, loading, onMore }: Props) {
  const allListed = useRef<HTMLParagraphElement>(null);
  const done = asked && !more && !loading;
  useEffect(() => {
    if (done) allListed.current?.focus();
  }, [done]);
  if (more || loading)
    return (
      <p className="runs-older">
        {/* aria-disabled, not disabled: the button keeps the focus while the runs come */}
        <button type="button" onClick={loading ? undefined : onMore} aria-disabled={loading} data-testid="runs-older">
          {loading ? "Loading older runs…" : `Show ${RUNS_PAGE} older runs`}
        </button>{" "}
        <span className="muted">The newest {listed} are listed; sorting and filters look at these.</span>
      </p>
    );
  if (!done) return null;
  return (
    <p className="runs-older muted" tabIndex={-1} ref={allListed} data-testid="runs-all-listed">
      All {listed} runs are listed.
    </p>
  );
}
