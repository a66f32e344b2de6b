// The pages by their path: the editor (which loads the catalogue first), the runs, a model.
import { useEffect, useState } from "react";
import { client, unwrap } from "../api/client";
import type { Catalog, DatasetSpec } from "../api/types";
import { ModelPage } from "../models/ModelPage";
import { RunsPage } from "../training/runs/RunsPage";
import { routeOf } from "./route";
import { TopBar } from "./TopBar";
import { Workbench } from "./Workbench";

export function App() {
  const route = routeOf(window.location.pathname);
  if (route.page === "editor") return <EditorApp />;
  return (
    <div className="app">
      <TopBar />
      {route.page === "runs" && <RunsPage />}
      {route.page === "model" && <ModelPage source={{ runId: route.runId }} />}
      {route.page === "shared" && <ModelPage source={{ token: route.token }} />}
    </div>
  );
}

function EditorApp() {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    unwrap(client.GET("/api/catalog")).then(setCatalog, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  if (error) return <p className="fatal">Could not load the layer catalogue from the server: {error}</p>;
  if (!catalog) return <p className="loading">Loading the catalogue…</p>;
  const addDataset = (dataset: DatasetSpec) =>
    setCatalog((c) => c && { ...c, datasets: [...c.datasets.filter((d) => d.name !== dataset.name), dataset] });
  const deleteDataset = (name: string) => setCatalog((c) => c && { ...c, datasets: c.datasets.filter((d) => d.name !== name) });
  return <Workbench catalog={catalog} onDatasetAdded={addDataset} onDatasetDeleted={deleteDataset} />;
}
