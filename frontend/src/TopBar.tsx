// The bar across the top of every page: the name, linking home, then the page's own controls.
import type { ReactNode } from "react";

export function TopBar({ children }: { children?: ReactNode }) {
  return (
    <header className="topbar">
      <h1>
        <a href="/">
          Torch<span>Canvas</span>
        </a>
      </h1>
      {children}
    </header>
  );
}
