// The pages: the workbench (loads the catalogue first), or a model page by its path.
import { useEffect, useState } from "react";
import { api } from "./api/client";
import type { Catalog, DatasetSpec } from "./api/types";
import { ModelPage } from "./models/ModelPage";
import { routeOf } from "./models/route";
import { RunsPage } from "./training/runs/RunsPage";
import { Workbench } from "./Workbench";

export function App() {
  const route = routeOf(window.location.pathname);
  if (route.page === "model") return <ModelPage source={`/api/models/${encodeURIComponent(route.runId)}`} />;
  if (route.page === "runs") return <RunsPage />;
  if (route.page === "shared") return <ModelPage source={`/api/shared/${encodeURIComponent(route.token)}`} />;
  return <EditorApp />;
}

function EditorApp() {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.catalog().then(setCatalog, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  if (error) return <p className="fatal">Could not load the layer catalogue from the server: {error}</p>;
  if (!catalog) return <p className="loading">Loading the catalogue…</p>;
  const addDataset = (dataset: DatasetSpec) =>
    setCatalog((c) => c && { ...c, datasets: [...c.datasets.filter((d) => d.name !== dataset.name), dataset] });
  const deleteDataset = (name: string) => setCatalog((c) => c && { ...c, datasets: c.datasets.filter((d) => d.name !== name) });
  return <Workbench catalog={catalog} onDatasetAdded={addDataset} onDatasetDeleted={deleteDataset} />;
}
