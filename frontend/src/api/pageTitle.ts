// The browser tab's title for a page: what the page shows first, so that tabs, bookmarks and the
// history tell runs and models apart (every page was "TorchCanvas").
import { useEffect } from "react";

export const APP_NAME = "TorchCanvas";

/** "digits-cnn · Run · TorchCanvas": the page's `parts`, those given, then the app's name. */
export function pageTitle(...parts: (string | null | undefined)[]): string {
  return [...parts.filter((p): p is string => !!p && p.trim() !== ""), APP_NAME].join(" · ");
}

/** Sets the tab's title (a pageTitle) while it is given; null leaves it to another part of the page. */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    if (title !== null) document.title = title;
  }, [title]);
}
