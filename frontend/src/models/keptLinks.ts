// The share links this browser made, kept in it (localStorage) by their id: the server keeps only
// a fingerprint of each, so a link was "shown once", and a teacher who reloaded the page before the
// class could not show it again. A revoked link is forgotten.
const KEY = "torchcanvas-share-links";
const MOST = 200; // links kept, the oldest forgotten first

function read(): Record<string, string> {
  try {
    const kept: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? "{}");
    return kept && typeof kept === "object" ? (kept as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function write(links: Record<string, string>): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(links));
  } catch {
    // storage full or refused: the link is shown now, and not kept
  }
}

export function keepLink(id: string, url: string): void {
  const links = Object.entries({ ...read(), [id]: url }).slice(-MOST);
  write(Object.fromEntries(links));
}

/** The link's address, where this browser made it; else null. */
export function keptLink(id: string): string | null {
  const url = read()[id];
  return typeof url === "string" ? url : null;
}

export function forgetLink(id: string): void {
  const links = read();
  if (!(id in links)) return;
  delete links[id];
  write(links);
}
