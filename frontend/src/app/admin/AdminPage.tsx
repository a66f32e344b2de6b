// The server's admin page (TORCHCANVAS_ADMIN_TOKEN): every browser's runs that are queued, running or
// paused, refreshed every few seconds, each with Stop (and Start next while queued); a token field where
// this browser has not logged in.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, client, unwrap } from "../../api/client";
import { pageTitle, usePageTitle } from "../../api/pageTitle";
import type { AdminRun } from "../../api/types";
import { AdminLoginForm } from "./AdminLoginForm";
import { AdminTable } from "./AdminTable";
import "../classes/classes.css";

const REFRESH_MS = 3000;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What the page shows: the runs, the login form (401), or that this server has no admin (404). */
type View = { kind: "loading" } | { kind: "login" } | { kind: "noAdmin"; why: string } | { kind: "runs"; runs: AdminRun[] };

export function AdminPage() {
  usePageTitle(pageTitle("Admin"));
  const [view, setView] = useState<View>({ kind: "loading" });
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  // Runs whose Stop was sent: a running one ends within a second, and leaves the list at the next look.
  const [stopping, setStopping] = useState<ReadonlySet<string>>(new Set());
  // The login form and Log out each leave as the other comes: the focus goes on to the heading
  // over the runs, or back to the token field.
  const heading = useRef<HTMLHeadingElement>(null);
  const [loggedOut, setLoggedOut] = useState(false);

  const load = useCallback(
    () =>
      unwrap(client.GET("/api/admin/runs")).then(
        (runs) => {
          setView({ kind: "runs", runs });
          setError(null);
        },
        (e: unknown) => {
          if (e instanceof ApiError && e.status === 401) setView({ kind: "login" });
          else if (e instanceof ApiError && e.status === 404) setView({ kind: "noAdmin", why: e.message });
          else setError(message(e)); // a busy or unreachable server: the last list stays
        },
      ),
    [],
  );
  const listing = view.kind === "runs";
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!listing) return;
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [listing, load]);

  const stop = (run: AdminRun) => {
    if (stopping.has(run.id)) return; // aria-disabled: the focused Stop keeps the focus meanwhile
    setStopping((ids) => new Set(ids).add(run.id));
    unwrap(client.POST("/api/admin/runs/{run_id}/cancel", { params: { path: { run_id: run.id } } })).then(
      () => {
        setSaid(`Stopped "${run.name}".`);
        return load();
      },
      (e: unknown) => {
        setError(message(e));
        void load();
      },
    );
  };
  const putFirst = (run: AdminRun) =>
    unwrap(client.POST("/api/admin/runs/{run_id}/first", { params: { path: { run_id: run.id } } })).then(
      () => {
        setSaid(`"${run.name}" starts next, when a worker is free.`);
        return load();
      },
      (e: unknown) => {
        setError(message(e));
        void load();
      },
    );
  const loggedIn = () =>
    void load().then(() => {
      setSaid("Logged in.");
      heading.current?.focus();
    });
  const logOut = () =>
    unwrap(client.POST("/api/admin/logout")).then(
      () => {
        setLoggedOut(true);
        setSaid("Logged out.");
        return load();
      },
      (e: unknown) => setError(message(e)),
    );

  return (
    <main className="classes-page" data-testid="admin-page">
      <div className="class-head">
        <h2 tabIndex={-1} ref={heading}>
          Admin: runs training or waiting
        </h2>
        {listing && (
          <button type="button" onClick={() => void logOut()} data-testid="admin-logout">
            Log out
          </button>
        )}
      </div>
      {view.kind === "loading" && <p className="loading">Loading…</p>}
      {view.kind === "noAdmin" && (
        <p className="muted" data-testid="admin-none">
          {view.why}
        </p>
      )}
      {view.kind === "login" && <AdminLoginForm onLoggedIn={loggedIn} focused={loggedOut} />}
      {error && (
        <p className="design-error" role="alert" data-testid="admin-error">
          {error}
        </p>
      )}
      <p role="status" className="muted" data-testid="admin-said">
        {said}
      </p>
      {view.kind === "runs" && <AdminTable runs={view.runs} stopping={stopping} onStop={stop} onFirst={(run) => void putFirst(run)} after={heading} />}
    </main>
  );
}
