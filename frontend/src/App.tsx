// The one page: loads the catalogue, then shows the workbench.
import { useEffect, useState } from "react";
import { api } from "./api/client";
import type { Catalog, DatasetSpec } from "./api/types";
import { Workbench } from "./Workbench";

export function App() {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.catalog().then(setCatalog, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  if (error) return <p className="fatal">Could not load the layer catalogue from the server: {error}</p>;
  if (!catalog) return <p className="loading">Loading the catalogue…</p>;
  const addDataset = (dataset: DatasetSpec) =>
    setCatalog((c) => c && { ...c, datasets: [...c.datasets.filter((d) => d.name !== dataset.name), dataset] });
  return <Workbench catalog={catalog} onDatasetAdded={addDataset} />;
}
