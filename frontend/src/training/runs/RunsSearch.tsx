// The runs page's search box: finds runs by name, note, id (its start) or dataset, on the server
// (GET /api/runs?q=), a moment after the typing stops; the text lives in the page's address.
import { useEffect, useRef, useState } from "react";

/** As the server bounds it (store/run_search.py). */
const MAX_QUERY = 100;
const PAUSE_MS = 250;

interface Props {
  q: string;
  onSearch: (q: string) => void;
}

export function RunsSearch({ q, onSearch }: Props) {
  const [text, setText] = useState(q);
  // Cleared or changed from outside (Show all, the address): the box shows it.
  const [shown, setShown] = useState(q);
  if (shown !== q) {
    setShown(q);
    if (text.trim() !== q) setText(q);
  }
  // The latest callback, so that the page's renders (its clock ticks) do not restart the pause.
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  });
  useEffect(() => {
    if (text.trim() === q) return;
    const timer = window.setTimeout(() => search.current(text.trim()), PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [text, q]);
  return (
    <label className="runs-search">
      Search
      <input
        type="search"
        data-testid="runs-search"
        value={text}
        maxLength={MAX_QUERY}
        placeholder="name, note, id or dataset"
        title="Finds runs whose name, note or dataset holds this text, or whose id starts with it"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && onSearch(text.trim())}
      />
    </label>
  );
}
