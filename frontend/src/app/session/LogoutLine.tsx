// Where this server needs a login: that this browser has given it, and the way to forget it (a
// shared or lab machine's next user must not train as this one for a year, the cookie's life).
// The runs stay this browser's owner identity's, as the line says: the login guards training only.
import { useState } from "react";
import { client, unwrap } from "../../api/client";
import "./session.css";

export function LogoutLine({ onLoggedOut }: { onLoggedOut: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const logOut = () => {
    setError(null);
    unwrap(client.POST("/api/logout")).then(onLoggedOut, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <p className="logout-line muted" data-testid="logout-line">
      Logged in to train on this server. Logging out stops this browser training; its runs stay
      listed here (to take them along, use <em>Your runs in another browser</em> on the runs page).{" "}
      <button type="button" className="link" onClick={logOut} data-testid="logout-button">
        Log out
      </button>
      {error && (
        <span className="design-error" role="alert">
          {" "}
          {error}
        </span>
      )}
    </p>
  );
}
