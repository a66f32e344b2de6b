// Where the server deletes idle browsers' runs and uploads (TORCHCANVAS_KEEP_IDLE_DAYS), the runs
// page and the upload form say how long it keeps them, so that nobody finds them gone unwarned.
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import { keptForText } from "./keptFor";

/** `className`: the page's style of a side note there ("muted" on the runs page, "hint" in a form). */
export function KeptFor({ testId, className }: { testId: string; className: string }) {
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    unwrap(client.GET("/api/session")).then(
      (session) => live && setSaid(keptForText(session.keep_idle_days)),
      () => undefined, // unreachable: the page says so where it lists the runs
    );
    return () => {
      live = false;
    };
  }, []);
  return said ? (
    <p className={className} data-testid={testId}>
      {said}
    </p>
  ) : null;
}
