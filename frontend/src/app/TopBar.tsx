// The bar across the top of every page: the name, linking home, the page's own controls, and the
// way to the runs.
import type { ReactNode } from "react";
import { editorPath, runsPagePath } from "../api/pages";

export function TopBar({ children }: { children?: ReactNode }) {
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
        </a>
      </nav>
    </header>
  );
}
