// The runs page: every run with its settings and results; overlay the curves of several.
import { useEffect, useState } from "react";
import { ALL_EVENTS, client, unwrap } from "../../api/client";
import type { RunEvent, RunInfo } from "../../api/types";
import { LineChart } from "../LineChart";
import { align, curvesOf, type RunCurves } from "./overlay";
import { RunsTable } from "./RunsTable";

const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#db2777", "#65a30d"];

export function RunsPage() {
  const [runs, setRuns] = useState<RunInfo[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [curves, setCurves] = useState<Record<string, RunCurves>>({});

  useEffect(() => {
    // openapi-fetch's Readable<> widens the designs' [from, to] edge tuples to string[][].
    unwrap(client.GET("/api/runs")).then((all) => setRuns(all as RunInfo[]), (e: unknown) => setProblem(String(e)));
  }, []);
  useEffect(() => {
    for (const id of selected.filter((id) => !curves[id])) {
      unwrap(client.GET("/api/runs/{run_id}/events", { params: { path: { run_id: id }, query: ALL_EVENTS } })).then(
        (events) => setCurves((c) => ({ ...c, [id]: curvesOf(events as RunEvent[]) })),
        (e: unknown) => setProblem(String(e)),
      );
    }
  }, [selected, curves]);

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const colourOf = (id: string) => {
    const i = selected.indexOf(id);
    return i < 0 ? undefined : COLOURS[i % COLOURS.length];
  };
  const shown = selected.filter((id) => curves[id]);
  const labelOf = (id: string) => {
    const run = runs?.find((r) => r.id === id);
    return run ? `${id.slice(0, 6)} · ${run.training.optimizer} lr ${run.training.lr}` : id;
  };
  const series = shown.map((id) => ({ label: labelOf(id), color: colourOf(id)!, points: true }));
  const chart = (pick: (c: RunCurves) => { xs: number[]; ys: (number | null)[] }) => align(shown.map((id) => pick(curves[id]!)));
  const version = shown.length * 1000 + Object.keys(curves).length;

  return (
    <main className="runs-page">
      <section className="panel">
        <h2>Runs</h2>
        {problem && <p className="design-error">{problem}</p>}
        {runs === null && !problem && <p className="muted">Loading runs…</p>}
        {runs?.length === 0 && <p className="muted">No runs yet: train a design in the editor.</p>}
        {runs && runs.length > 0 && <RunsTable runs={runs} selected={selected} onToggle={toggle} colourOf={colourOf} />}
      </section>
      {shown.length > 0 && (
        <section className="panel charts runs-overlay" data-testid="runs-overlay">
          <LineChart title="Validation loss per epoch" xLabel="epoch" series={series} axes={[{ scale: "y", label: "val loss" }]} data={chart((c) => ({ xs: c.epochs, ys: c.valLoss }))} version={version} testId="overlay-val-loss" emptyText="No epochs yet." />
          <LineChart title="Validation accuracy per epoch" xLabel="epoch" series={series} axes={[{ scale: "y", label: "accuracy %", range: [0, 100] }]} data={chart((c) => ({ xs: c.epochs, ys: c.valAccuracy }))} version={version} testId="overlay-accuracy" emptyText="No epochs yet." />
          <LineChart title="Training loss per step" xLabel="step" series={series.map((s) => ({ ...s, points: false }))} axes={[{ scale: "y", label: "loss" }]} data={chart((c) => ({ xs: c.steps, ys: c.losses }))} version={version} testId="overlay-loss" emptyText="No steps yet." />
        </section>
      )}
    </main>
  );
}
