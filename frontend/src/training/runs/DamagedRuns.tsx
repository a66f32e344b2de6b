// The caller's runs whose records in the database no longer read: the runs list leaves them out,
// yet their files count to the caller's disk, so each is named with a link to its page, which
// deletes it.
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import type { DamagedRun } from "../../api/types";
import { runPagePath } from "../../api/pages";

/** `onCount`: how many there are, once known (the page then says no "No runs yet"). */
export function DamagedRuns({ onCount }: { onCount: (count: number) => void }) {
  const [damaged, setDamaged] = useState<DamagedRun[]>([]);
  useEffect(() => {
    unwrap(client.GET("/api/damaged-runs")).then(
      (found) => {
        setDamaged(found);
        onCount(found.length);
      },
      () => undefined, // the list above says what failed
    );
  }, [onCount]);
  if (damaged.length === 0) return null;
  const one = damaged.length === 1;
  return (
    <div className="design-error" role="status" data-testid="damaged-runs">
      <p>
        {one
          ? "One of your runs cannot be read: its record in the database is damaged, so the table leaves it out, yet its files still count to your disk. Open it to delete it:"
          : `${damaged.length} of your runs cannot be read: their records in the database are damaged, so the table leaves them out, yet their files still count to your disk. Open each to delete it:`}
      </p>
      <ul>
        {damaged.map((run) => (
          <li key={run.id}>
            <a href={runPagePath(run.id)} title={run.message} data-testid={`damaged-run-${run.id}`}>
              Run {run.id}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
