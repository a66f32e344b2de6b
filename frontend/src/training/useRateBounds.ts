// The bounds of a learning rate, as the server checks TrainingSettings.lr (and a Continue's new
// rate): from the catalogue, asked once per page; ANY_RATE until it comes.
import { useEffect, useState } from "react";
import { readCatalog } from "../api/sharedReads";
import type { NumberBounds } from "../api/types";
import { ANY_RATE } from "./continueRate";

let asked: Promise<NumberBounds> | null = null;

export function useRateBounds(): NumberBounds {
  const [bounds, setBounds] = useState<NumberBounds>(ANY_RATE);
  useEffect(() => {
    let current = true;
    asked ??= readCatalog().then((catalog) => catalog.setting_bounds.lr ?? ANY_RATE);
    asked.then(
      (found) => current && setBounds(found),
      () => (asked = null), // asked again by the next page that needs them
    );
    return () => {
      current = false;
    };
  }, []);
  return bounds;
}
