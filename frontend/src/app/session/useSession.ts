// Whether this browser must log in before it can train, asked of the server when the editor opens.
import { useCallback, useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";

export function useSession() {
  const [needsLogin, setNeedsLogin] = useState(false);
  const [loggedIn, setLoggedIn] = useState(false); // with a login this server needs: it may log out

  const refresh = useCallback(() => {
    unwrap(client.GET("/api/session")).then(
      (s) => (setNeedsLogin(s.login_required && !s.logged_in), setLoggedIn(s.login_required && s.logged_in)),
      () => (setNeedsLogin(false), setLoggedIn(false)), // an unreachable server shows its own errors on Train
    );
  }, []);

  useEffect(refresh, [refresh]);
  return { needsLogin, loggedIn, refresh };
}
