// A token typed and sent to log this browser in (the server keeps the login in an HttpOnly
// cookie; a wrong token is a 401 that says so): the training login's and the admin's.
import { useId, useState, type FormEvent } from "react";

export function useTokenLogin(send: (token: string) => Promise<unknown>, onLoggedIn: () => void) {
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    send(token)
      .then(onLoggedIn, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  // A wrong token marks the field, which names the message: a screen reader back on the field
  // hears why, not only once as the alert came.
  const fieldProps = { "aria-invalid": error !== null, "aria-describedby": error === null ? undefined : errorId };
  return { token, setToken, busy, error, errorId, fieldProps, submit };
}
