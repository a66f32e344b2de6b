// A teacher's classes: create one (its name) and get the code students hand their runs in with;
// the classes this browser keeps, each opening its page.
import { useEffect, useState, type FormEvent } from "react";
import { client, unwrap } from "../../api/client";
import { classPagePath } from "../../api/pages";
import { pageTitle, usePageTitle } from "../../api/pageTitle";
import type { ClassSummary } from "../../api/types";
import "./classes.css";

export function ClassesPage() {
  usePageTitle(pageTitle("Classes"));
  const [classes, setClasses] = useState<ClassSummary[] | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  useEffect(() => {
    unwrap(client.GET("/api/classes")).then(setClasses, (e: unknown) => {
      fail(e);
      setClasses([]);
    });
  }, []);

  const create = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    unwrap(client.POST("/api/classes", { body: { name } })).then(
      (made) => window.location.assign(classPagePath(made.code)),
      (e: unknown) => {
        fail(e);
        setBusy(false);
      },
    );
  };

  return (
    <main className="classes-page">
      <h2>Classes</h2>
      <p className="muted">
        Teaching a class on this server? Create a class: students hand their runs in to it with its code, and you see them all here, training live.
      </p>
      <form className="class-create" onSubmit={create} aria-label="Create a class">
        <label>
          <span>Class name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder="e.g. Period 3" required data-testid="class-name" />
        </label>
        <button type="submit" disabled={busy || name.trim() === ""} data-testid="class-create">
          Create class
        </button>
      </form>
      {error && (
        <p className="design-error" role="alert" data-testid="classes-error">
          {error}
        </p>
      )}
      {classes === null ? (
        <p className="loading">Loading your classes…</p>
      ) : classes.length === 0 ? (
        <p className="muted" data-testid="classes-none">
          This browser has no classes yet.
        </p>
      ) : (
        <ul className="class-list" data-testid="class-list">
          {classes.map((c) => (
            <li key={c.code}>
              <a href={classPagePath(c.code)} data-testid={`class-${c.code}`}>
                {c.name}
              </a>{" "}
              <code>{c.code}</code> <span className="muted">{c.entries === 1 ? "1 run handed in" : `${c.entries} runs handed in`}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
