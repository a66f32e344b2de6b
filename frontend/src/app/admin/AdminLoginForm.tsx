// The admin's login: the server's TORCHCANVAS_ADMIN_TOKEN, kept for this browser in an HttpOnly cookie.
import { useEffect, useRef } from "react";
import { client, unwrap } from "../../api/client";
import { useTokenLogin } from "../session/useTokenLogin";

/** `focused`: the field takes the focus as the form comes (after Log out, whose button went). */
export function AdminLoginForm({ onLoggedIn, focused }: { onLoggedIn: () => void; focused: boolean }) {
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focused) field.current?.focus();
  }, [focused]);
  const { token, setToken, busy, error, errorId, fieldProps, submit } = useTokenLogin((typed) => unwrap(client.POST("/api/admin/login", { body: { token: typed } })), onLoggedIn);

  return (
    <form className="class-create" aria-label="Admin log in" onSubmit={submit} data-testid="admin-login">
      <label>
        <span>Admin token (the server's TORCHCANVAS_ADMIN_TOKEN)</span>
        <input type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} {...fieldProps} ref={field} data-testid="admin-token" />
      </label>
      <button className="primary" type="submit" disabled={busy || token === ""} data-testid="admin-login-button">
        {busy ? "Logging in…" : "Log in"}
      </button>
      {error && (
        <p className="design-error" role="alert" id={errorId} data-testid="admin-login-error">
          {error}
        </p>
      )}
    </form>
  );
}
