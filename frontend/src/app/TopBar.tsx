// The bar across the top of every page: the name, linking home, the page's own controls, and the
// ways to the runs, the challenges and a teacher's classes.
import type { ReactNode } from "react";
import { challengesPagePath, classesPagePath, editorPath, runsPagePath } from "../api/pages";
import { tallyText } from "./liveTally";
import { useLiveTally } from "./useLiveTally";

export function TopBar({ children }: { children?: ReactNode }) {
  const tally = useLiveTally();
  const text = tally === null ? "" : tallyText(tally);
  return (
    <header className="topbar">
      <h1>
        <a href={editorPath}>
          Torch<span>Canvas</span>
        </a>
      </h1>
      {children}
      <nav className="topbar-nav" aria-label="Pages">
        <a className="button" href={editorPath} data-testid="editor-link">
          Editor
        </a>
        <a className="button" href={runsPagePath} data-testid="runs-link">
          Runs
          {text && (
            <span className="running-count" data-testid="running-count" title="Your runs that have not ended">
              {text}
            </span>
          )}
        </a>
        <a className="button" href={challengesPagePath} data-testid="challenges-link">
          Challenges
        </a>
        <a className="button" href={classesPagePath} data-testid="classes-link">
          Classes
        </a>
      </nav>
    </header>
  );
}
