// How many classes each dataset of this browser has, by name, for the runs list to tell a run at
// chance: its accuracy no better than guessing among them. Empty until the catalogue comes (or
// where it does not: the list then says nothing more than before).
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";

export function useClassCounts(): ReadonlyMap<string, number> {
  const [counts, setCounts] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    let current = true;
    unwrap(client.GET("/api/catalog")).then(
      (catalog) => current && setCounts(new Map(catalog.datasets.map((d) => [d.name, d.classes?.length ?? 0]))),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  return counts;
}
