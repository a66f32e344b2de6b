import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../api/types";
import { DEFAULT_SORT, nextSort, pageQuery, sortFromQuery, sortRuns, type RunSort } from "./runSort";

interface Given {
  created: number;
  name?: string;
  lr?: number;
  status?: RunInfo["status"];
  started?: number | null;
  accuracy?: number | null;
  loss?: number | null;
  epoch?: number;
  epochs?: number;
  dataset?: string;
  lossName?: string;
}

const run = (id: string, g: Given) =>
  ({
    id,
    name: g.name ?? null,
    status: g.status ?? "succeeded",
    created_at: g.created,
    started_at: g.started === undefined ? g.created : g.started,
    finished_at: g.started === null ? null : g.created + 10,
    training_seconds: null,
    design: { name: "net" },
    training: { dataset: g.dataset ?? "digits", loss: g.lossName ?? "CrossEntropyLoss", lr: g.lr ?? 0.01, epochs: g.epochs ?? 3 },
    metrics: { epoch: g.epoch ?? 3, step: 10, val_accuracy: g.accuracy ?? null, val_loss: g.loss ?? null },
  }) as unknown as RunInfo;

const ids = (runs: RunInfo[], sort: RunSort) => sortRuns(runs, sort, 1000).map((r) => r.id);

// Created a (oldest) to e (newest, still queued). b and d tie on accuracy and loss.
const runs = [
  run("a", { created: 1, name: "Zeta", accuracy: 0.9, loss: 0.3, lr: 0.1 }),
  run("b", { created: 2, name: "alpha", accuracy: 0.8, loss: 0.5, lr: 0.001 }),
  run("c", { created: 3, name: "beta", status: "failed", accuracy: null, loss: null }),
  run("d", { created: 4, name: "run 10", accuracy: 0.8, loss: 0.5, lr: 0.05 }),
  run("e", { created: 5, name: "run 9", status: "queued", started: null, epoch: 0 }),
];

describe("sortRuns", () => {
  it("puts the best accuracy first, and the runs without one last either way", () => {
    expect(ids(runs, { key: "val_accuracy", descending: true })).toEqual(["a", "d", "b", "e", "c"]);
    expect(ids(runs, { key: "val_accuracy", descending: false })).toEqual(["d", "b", "a", "e", "c"]);
  });

  it("keeps the newest first among ties, in both directions", () => {
    expect(ids(runs, { key: "val_loss", descending: false })).toEqual(["a", "d", "b", "e", "c"]);
    expect(ids(runs, { key: "val_loss", descending: true })).toEqual(["d", "b", "a", "e", "c"]);
  });

  it("sorts val loss within each dataset and loss: their scales do not compare", () => {
    const mixed = [
      run("p", { created: 1, dataset: "moons", loss: 0.05 }),
      run("q", { created: 2, dataset: "digits", loss: 0.4 }),
      run("r", { created: 3, dataset: "moons", loss: 0.2 }),
      run("s", { created: 4, dataset: "digits", loss: 0.1 }),
      run("t", { created: 5, dataset: "digits", lossName: "MSELoss", loss: 0.01 }),
    ];
    expect(ids(mixed, { key: "val_loss", descending: false })).toEqual(["s", "q", "t", "p", "r"]);
    expect(ids(mixed, { key: "val_loss", descending: true })).toEqual(["q", "s", "t", "r", "p"]);
    // Accuracy is a share on every task: one order across them.
    const scored = mixed.map((r, i) => ({ ...r, metrics: { ...r.metrics, val_accuracy: i / 10 } }));
    expect(ids(scored, { key: "val_accuracy", descending: true })).toEqual(["t", "s", "r", "q", "p"]);
  });

  it("sorts names as a person reads them: case aside, 9 before 10", () => {
    expect(ids(runs, { key: "name", descending: false })).toEqual(["b", "c", "e", "d", "a"]);
  });

  it("sorts the newest start first by default, a queued run by when it was queued: on top", () => {
    expect(ids(runs, DEFAULT_SORT)).toEqual(["e", "d", "c", "b", "a"]);
    expect(ids(runs, { key: "started", descending: false })).toEqual(["a", "b", "c", "d", "e"]);
    const early = [...runs, run("f", { created: 0, status: "queued", started: null, epoch: 0 })];
    expect(ids(early, DEFAULT_SORT)).toEqual(["e", "d", "c", "b", "a", "f"]);
  });

  it("sorts by lr, status (live first), epochs and duration", () => {
    expect(ids(runs, { key: "lr", descending: false })).toEqual(["b", "e", "c", "d", "a"]);
    expect(ids(runs, { key: "status", descending: false })).toEqual(["e", "d", "b", "a", "c"]);
    expect(ids(runs, { key: "epochs", descending: true })).toEqual(["d", "c", "b", "a", "e"]);
    expect(ids(runs, { key: "duration", descending: true })).toEqual(["d", "c", "b", "a", "e"]);
  });

  it("leaves the list it was given as it was", () => {
    const before = runs.map((r) => r.id);
    sortRuns(runs, { key: "name", descending: true }, 0);
    expect(runs.map((r) => r.id)).toEqual(before);
  });
});

describe("nextSort", () => {
  it("sorts a new column its useful way first, and reverses it on a second click", () => {
    const accuracy = nextSort(DEFAULT_SORT, "val_accuracy");
    expect(accuracy).toEqual({ key: "val_accuracy", descending: true });
    expect(nextSort(accuracy, "val_accuracy")).toEqual({ key: "val_accuracy", descending: false });
    expect(nextSort(accuracy, "val_loss")).toEqual({ key: "val_loss", descending: false });
    expect(nextSort(DEFAULT_SORT, "started")).toEqual({ key: "started", descending: false });
  });
});

describe("the address", () => {
  const filter = { status: "succeeded", dataset: "all" };

  it("keeps the sort beside the filter, and leaves the default out", () => {
    expect(pageQuery({ status: "all", dataset: "all" }, DEFAULT_SORT)).toBe("");
    const query = pageQuery(filter, { key: "val_loss", descending: true });
    expect(query).toBe("?status=succeeded&sort=val_loss&order=desc");
    expect(sortFromQuery(query)).toEqual({ key: "val_loss", descending: true });
  });

  it("reads an unknown column as the default, and a missing order as the column's first", () => {
    expect(sortFromQuery("?sort=colour&order=asc")).toEqual(DEFAULT_SORT);
    expect(sortFromQuery("?sort=val_accuracy")).toEqual({ key: "val_accuracy", descending: true });
    expect(sortFromQuery("?sort=toString")).toEqual(DEFAULT_SORT);
  });
});
