// The pages by their path: the editor (which loads the catalogue first), the runs, a run, a model,
// a teacher's classes, the server's admin.
// Train moves to the run's page without reloading; every page also opens from its address.
import { useCallback, useEffect, useState } from "react";
import { client, unwrap } from "../api/client";
import { runPagePath, sweepPagePath } from "../api/pages";
import type { Catalog, DatasetSpec } from "../api/types";
import { ModelPage } from "../models/ModelPage";
import { RunPage } from "../training/RunPage";
import { RunsPage } from "../training/runs/RunsPage";
import { ClassesPage } from "./classes/ClassesPage";
import { ClassPage } from "./classes/ClassPage";
import { AdminPage } from "./admin/AdminPage";
import { ChallengesPage } from "../training/challenges/ChallengesPage";
import { routeOf } from "./route";
import { NotFound } from "./NotFound";
import { TopBar } from "./TopBar";
import { pageTitle, usePageTitle } from "../api/pageTitle";
import { Workbench } from "./Workbench";
import type { SweepStarted } from "../training/sweep/startSweep";

export function App() {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const follow = () => setPath(window.location.pathname);
    window.addEventListener("popstate", follow);
    return () => window.removeEventListener("popstate", follow);
  }, []);
  const navigate = useCallback((to: string, state: unknown = null) => {
    window.history.pushState(state, "", to);
    setPath(window.location.pathname); // `to` may carry a query (a sweep's group)
    window.scrollTo(0, 0);
  }, []);

  const route = routeOf(path);
  // A run's and a model's pages name their subject themselves, once it loads.
  usePageTitle(route.page === "editor" ? pageTitle("Editor") : route.page === "runs" ? pageTitle("Runs") : route.page === "challenges" ? pageTitle("Challenges") : route.page === "notFound" ? pageTitle("Page not found") : null);
  if (route.page === "editor") {
    // A sweep's notice (why some values did not start) rides in the page's history entry, so a reload keeps it.
    const onSweepStarted = ({ group, notice }: SweepStarted) => navigate(sweepPagePath(group), notice ? { sweepNotice: notice } : null);
    return <EditorApp onRunStarted={(runId) => navigate(runPagePath(runId))} onSweepStarted={onSweepStarted} />;
  }
  return (
    <div className="app">
      <TopBar />
      {route.page === "runs" && <RunsPage />}
      {route.page === "run" && <RunPage key={route.runId} runId={route.runId} />}
      {route.page === "model" && <ModelPage key={route.runId} source={{ runId: route.runId }} />}
      {route.page === "shared" && <ModelPage key={route.token} source={{ token: route.token }} />}
      {route.page === "classes" && <ClassesPage />}
      {route.page === "class" && <ClassPage key={route.code} code={route.code} />}
      {route.page === "challenges" && <ChallengesPage />}
      {route.page === "admin" && <AdminPage />}
      {route.page === "notFound" && <NotFound path={path} />}
    </div>
  );
}

function EditorApp({ onRunStarted, onSweepStarted }: { onRunStarted: (runId: string) => void; onSweepStarted: (sweep: SweepStarted) => void }) {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    unwrap(client.GET("/api/catalog")).then(setCatalog, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  if (error) return <p className="fatal">Could not load the layer catalogue from the server: {error}</p>;
  if (!catalog) return <p className="loading">Loading the catalogue…</p>;
  // A new upload goes last; a renamed one keeps its place.
  const addDataset = (dataset: DatasetSpec) =>
    setCatalog((c) => c && { ...c, datasets: c.datasets.some((d) => d.name === dataset.name) ? c.datasets.map((d) => (d.name === dataset.name ? dataset : d)) : [...c.datasets, dataset] });
  const deleteDataset = (name: string) => setCatalog((c) => c && { ...c, datasets: c.datasets.filter((d) => d.name !== name) });
  return <Workbench catalog={catalog} onDatasetAdded={addDataset} onDatasetDeleted={deleteDataset} onRunStarted={onRunStarted} onSweepStarted={onSweepStarted} />;
}
