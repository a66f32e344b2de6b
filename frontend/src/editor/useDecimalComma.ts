// Chromium's number fields drop a typed comma before the page sees it: "0,001", as a German or
// French user writes a learning rate, became "0001", and a run trained at 1, a thousand times the
// rate meant, with nothing said (a review). A comma typed into such a field is kept in mind until
// the text is emptied or holds a point, and said meanwhile as the field's problem, which holds
// back what the field sends (Train, Continue, Set).
import { useEffect, useState, type KeyboardEvent } from "react";

export const COMMA_PROBLEM = "A comma is not a decimal point here: type a point, as in 0.001.";

export interface DecimalComma {
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  /** COMMA_PROBLEM while a typed comma stands; null otherwise. */
  problem: string | null;
}

export function useDecimalComma(text: string): DecimalComma {
  const [typed, setTyped] = useState(false);
  const mended = text.trim() === "" || text.includes(".");
  useEffect(() => {
    if (mended) setTyped(false);
  }, [mended]);
  return {
    onKeyDown: (event) => {
      if (event.key === "," && !event.ctrlKey && !event.metaKey && !event.altKey) setTyped(true);
    },
    problem: typed && !mended ? COMMA_PROBLEM : null,
  };
}
