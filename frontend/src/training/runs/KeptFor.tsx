// Where the server deletes idle browsers' runs and uploads (TORCHCANVAS_KEEP_IDLE_DAYS), the runs
// page says how long it keeps them, so that nobody finds their runs gone unwarned.
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import { keptForText } from "./keptFor";

export function KeptFor() {
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
    <p className="muted" data-testid="runs-kept-for">
      {said}
    </p>
  ) : null;
}
