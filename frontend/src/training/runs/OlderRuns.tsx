// Under the runs table: Show older runs while the server has runs older than those listed, and
// once they are all listed (after a press), a line that says so. The line takes the focus only
// when it answers a press: a search or a delete that lists them all leaves the focus where it is.
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
  /** Whether the runs listed are those a search found. */
  searched: boolean;
  /** The words before "runs" that say which the server listed: "failed ", or none. */
  which: string;
  onMore: () => void;
}

export function OlderRuns({ listed, more, asked, loading, searched, which, onMore }: Props) {
  const allListed = useRef<HTMLParagraphElement>(null);
  const pressed = useRef(false); // a press whose runs have not come yet
  useEffect(() => {
    if (loading || !pressed.current) return;
    pressed.current = false;
    if (!more) allListed.current?.focus(); // the button is gone: its place takes the focus
  }, [loading, more]);
  const press = () => {
    pressed.current = true;
    onMore();
  };
  if (more || loading)
    return (
      <p className="runs-older">
        {/* aria-disabled, not disabled: the button keeps the focus while the runs come */}
        <button type="button" onClick={loading ? undefined : press} aria-disabled={loading} data-testid="runs-older">
          {loading ? "Loading older runs…" : `Show ${RUNS_PAGE} older runs`}
        </button>{" "}
        <span className="muted">The newest {listed} are listed; sorting looks at these.</span>
      </p>
    );
  if (!asked) return null;
  return (
    <p className="runs-older muted" tabIndex={-1} ref={allListed} data-testid="runs-all-listed">
      {listed === 1 ? `The one ${which}run` : `All ${listed} ${which}runs`} {searched ? "found " : ""}
      {listed === 1 ? "is" : "are"} listed.
    </p>
  );
}
