// A token typed and sent to log this browser in (the server keeps the login in an HttpOnly
// cookie; a wrong token is a 401 that says so): the training login's and the admin's.
import { useState, type FormEvent } from "react";

export function useTokenLogin(send: (token: string) => Promise<unknown>, onLoggedIn: () => void) {
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    send(token)
      .then(onLoggedIn, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return { token, setToken, busy, error, submit };
}
