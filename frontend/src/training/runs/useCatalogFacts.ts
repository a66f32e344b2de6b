// From the catalogue, what the runs page weighs runs by: how many classes each dataset of this
// browser has, by name, for the runs list to tell a run at chance (its accuracy no better than
// guessing among them), and each layer type's param defaults, for the comparison to leave out a
// param set to its default (bias=true beside a run that left it unset read as a difference); and
// each dataset's title, for a dataset filter whose runs are not listed.
// Empty until the catalogue comes (or where it does not: the page then says nothing more than before).
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import type { LayerDefaults } from "./settingsDiff";

export interface CatalogFacts {
  classCounts: ReadonlyMap<string, number>;
  layerDefaults: LayerDefaults;
  datasets: { name: string; title: string }[];
}

const NONE: CatalogFacts = { classCounts: new Map(), layerDefaults: new Map(), datasets: [] };

export function useCatalogFacts(): CatalogFacts {
  const [facts, setFacts] = useState<CatalogFacts>(NONE);
  useEffect(() => {
    let current = true;
    unwrap(client.GET("/api/catalog")).then(
      (catalog) =>
        current &&
        setFacts({
          classCounts: new Map(catalog.datasets.map((d) => [d.name, d.classes?.length ?? 0])),
          layerDefaults: new Map(catalog.layers.map((l) => [l.type, Object.fromEntries(l.params.map((p) => [p.name, p.default]))])),
          datasets: catalog.datasets.map(({ name, title }) => ({ name, title })),
        }),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  return facts;
}
