// A teacher's class: its code, large, for the class to type; the runs handed in, refreshed every
// few seconds while the page is open; removing a run and ending the class.
import { useCallback, useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import { classesPagePath } from "../../api/pages";
import { pageTitle, usePageTitle } from "../../api/pageTitle";
import type { ClassView } from "../../api/types";
import { ClassTable } from "./ClassTable";
import "./classes.css";
import { AskedButton } from "../AskedButton";

const REFRESH_MS = 3000;

export function ClassPage({ code }: { code: string }) {
  const [view, setView] = useState<ClassView | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(pageTitle(view?.name, "Class"));
  const path = { params: { path: { code } } };

  const load = useCallback(
    () =>
      unwrap(client.GET("/api/classes/{code}", { params: { path: { code } } })).then(
        (loaded) => {
          setView(loaded);
          setError(null);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      ),
    [code],
  );
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  const remove = (entryId: string) =>
    unwrap(client.DELETE("/api/classes/{code}/entries/{entry_id}", { params: { path: { code, entry_id: entryId } } })).then(load, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  const end = () => {
    unwrap(client.DELETE("/api/classes/{code}", path)).then(
      () => window.location.assign(classesPagePath),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };

  if (!view)
    return (
      <main className="classes-page">
        {error ? (
          <p className="fatal" data-testid="class-error">
            {error}
          </p>
        ) : (
          <p className="loading">Loading the class…</p>
        )}
      </main>
    );
  return (
    <main className="classes-page">
      <p>
        <a href={classesPagePath}>← Classes</a>
      </p>
      <div className="class-head">
        <h2 data-testid="class-title">{view.name}</h2>
        <AskedButton
          label="End class…"
          question={`End the class “${view.name}”? Its runs' links stop working and its code takes no more runs.`}
          yes="End it"
          no="Keep it open"
          onYes={end}
          testId="class-end"
        />
      </div>
      <div className="class-code-box">
        <span className="class-code-label">Class code</span>
        <strong className="class-code" data-testid="class-code">
          {view.code}
        </strong>
        <span className="class-code-how">Students open their run's page, press Hand in to a class, and type this code and their name.</span>
      </div>
      {error && (
        <p className="design-error" role="alert" data-testid="class-error">
          {error}
        </p>
      )}
      <ClassTable entries={view.entries} onRemove={(id) => void remove(id)} />
    </main>
  );
}
