// The login form of a server that needs a token to train (TORCHCANVAS_TOKEN), shown instead of a failing Train.
import { client, unwrap } from "../../api/client";
import { useTokenLogin } from "./useTokenLogin";
import "./session.css";

export function LoginForm({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { token, setToken, busy, error, errorId, fieldProps, submit } = useTokenLogin((typed) => unwrap(client.POST("/api/login", { body: { token: typed } })), onLoggedIn);

  return (
    <form className="panel login-form" aria-label="Log in" data-testid="login-form" onSubmit={submit}>
      <h2>Log in to train</h2>
      <p className="hint">This server needs a login token before it trains. Ask whoever runs it for the token.</p>
      <div className="login-row">
        <input
          type="password"
          aria-label="Login token"
          placeholder="Login token"
          autoComplete="current-password"
          data-testid="login-token"
          value={token}
          {...fieldProps}
          onChange={(e) => setToken(e.target.value)}
        />
        <button className="primary" type="submit" disabled={busy || token === ""} data-testid="login-button">
          {busy ? "Logging in…" : "Log in"}
        </button>
      </div>
      {error && (
        <p className="design-error" role="alert" id={errorId} data-testid="login-error">
          {error}
        </p>
      )}
    </form>
  );
}
