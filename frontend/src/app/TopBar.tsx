// The bar across the top of every page: the name, linking home, the page's own controls, and the
// way to the runs.
import type { ReactNode } from "react";
import { editorPath, runsPagePath } from "../api/pages";
import { useRunningCount } from "./useRunningCount";

export function TopBar({ children }: { children?: ReactNode }) {
  const running = useRunningCount();
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
          {running !== null && running > 0 && (
            <span className="running-count" data-testid="running-count" title="Your runs training now (queued, running or paused)">
              {running} running
            </span>
          )}
        </a>
      </nav>
    </header>
  );
}
