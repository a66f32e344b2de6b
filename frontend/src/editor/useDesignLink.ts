// Opens the design in the page's link (#design=…) when the page loads or the fragment changes.
import { useEffect, useRef, useState } from "react";
import { readDesignLink, type LinkedDesign } from "./designLink";

/** The error that stopped a linked design from opening, or null. */
export function useDesignLink(onOpen: (linked: LinkedDesign) => void): string | null {
  const [error, setError] = useState<string | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;

  useEffect(() => {
    let last = "";
    const read = () => {
      const hash = window.location.hash;
      if (hash === last) return;
      last = hash;
      readDesignLink(hash)
        .then((linked) => {
          if (!linked) return;
          open.current(linked);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    };
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  return error;
}
