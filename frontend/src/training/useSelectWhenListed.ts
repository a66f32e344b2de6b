// Selects a new upload once the dataset list holds it, so that the loss and input shape follow it.
import { useEffect, useState } from "react";
import type { DatasetSpec } from "../api/types";

/** Returns `select(name)`: onSelect(name) is called as soon as `datasets` lists that name. */
export function useSelectWhenListed(datasets: DatasetSpec[], onSelect: (name: string) => void): (name: string) => void {
  const [pending, setPending] = useState<string | null>(null);
  useEffect(() => {
    if (pending && datasets.some((d) => d.name === pending)) {
      onSelect(pending);
      setPending(null);
    }
  }, [pending, datasets, onSelect]);
  return setPending;
}
