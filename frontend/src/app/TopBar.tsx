// The bar across the top of every page: the name, linking home, the page's own controls, and the
// ways to the runs, the challenges and a teacher's classes; the page open is marked as the current one.
import type { ReactNode } from "react";
import { challengesPagePath, classesPagePath, editorPath, runsPagePath } from "../api/pages";
import { tallyText } from "./liveTally";
import { useLiveTally } from "./useLiveTally";
import { routeOf, type Route } from "./route";

const SECTION: Partial<Record<Route["page"], Route["page"]>> = { run: "runs", model: "runs", class: "classes" };

export function TopBar({ children }: { children?: ReactNode }) {
  const tally = useLiveTally();
  const text = tally === null ? "" : tallyText(tally);
  // Read as the bar renders: the app renders it anew on each page it moves to.
  const here = routeOf(window.location.pathname).page;
  // The page itself is "page"; a page within a section ("true") marks the section's link: a run's
  // and its model's pages are the runs', a class's the classes' (neither was marked: an audit).
  const current = (page: Route["page"]) => (page === here ? "page" : SECTION[here] === page ? "true" : undefined);
  return (
    <header className="topbar">
      <h1>
        <a href={editorPath}>
          Torch<span>Canvas</span>
        </a>
      </h1>
      {children}
      <nav className="topbar-nav" aria-label="Pages">
        <a className="button" href={editorPath} aria-current={current("editor")} data-testid="editor-link">
          <span className="topbar-label">Editor</span>
        </a>
        <a className="button" href={runsPagePath} aria-current={current("runs")} data-testid="runs-link">
          <span className="topbar-label">Runs</span>
          {text && (
            <span className="running-count" data-testid="running-count" title="Your runs that have not ended">
              {text}
            </span>
          )}
        </a>
        <a className="button" href={challengesPagePath} aria-current={current("challenges")} data-testid="challenges-link">
          <span className="topbar-label">Challenges</span>
        </a>
        <a className="button" href={classesPagePath} aria-current={current("classes")} data-testid="classes-link">
          <span className="topbar-label">Classes</span>
        </a>
      </nav>
    </header>
  );
}
