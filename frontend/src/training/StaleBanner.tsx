// The banner a run page shows while its live connection is lost: since when, and that it retries.
import { clockTime } from "./staleness";

interface Props {
  /** When the connection was lost (ms since the epoch). */
  lostAt: number;
  /** Why the server closed the stream, when it said. */
  dropReason: string | null;
}

export function StaleBanner({ lostAt, dropReason }: Props) {
  return (
    <p className="stale-banner" role="status" data-testid="stale-banner">
      Lost touch with the server at {clockTime(lostAt)}:{" "}
      <span data-testid="reconnecting">reconnecting…{dropReason && ` ${dropReason}`}</span> What you see may be out of date.
    </p>
  );
}
