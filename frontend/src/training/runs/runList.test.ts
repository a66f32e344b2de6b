import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../api/types";
import { datasetNames, datasetsOf, durationOf, filterFromQuery, filterRuns, formatDuration, groupRunIds, groupsOf, kindWords, noneMatch, queryOf, runName, serverFilter, startedWhen, statusWords, trainedOn } from "./runList";

const run = (id: string, status: RunInfo["status"], dataset: string, times: Partial<RunInfo> = {}) =>
  ({ id, status, training: { dataset }, design: { name: "net" }, started_at: null, finished_at: null, ...times }) as unknown as RunInfo;

const runs = [run("a", "running", "digits"), run("b", "succeeded", "digits"), run("c", "failed", "blobs"), run("d", "queued", "blobs")];

describe("filterRuns", () => {
  it("keeps one status, the active ones, or all, and one dataset", () => {
    const ids = (status: string, dataset = "all") => filterRuns(runs, { status, dataset }).map((r) => r.id);
    expect(ids("all")).toEqual(["a", "b", "c", "d"]);
    expect(ids("active")).toEqual(["a", "d"]);
    expect(ids("failed")).toEqual(["c"]);
    expect(ids("all", "blobs")).toEqual(["c", "d"]);
    expect(ids("active", "digits")).toEqual(["a"]);
  });

  it("round-trips through the address", () => {
    expect(queryOf({ status: "all", dataset: "all" })).toBe("");
    const query = queryOf({ status: "failed", dataset: "my data.csv" });
    expect(filterFromQuery(query)).toEqual({ status: "failed", dataset: "my data.csv" });
    const found = queryOf({ status: "all", dataset: "all", q: "sample_id 50%" });
    expect(found).toBe("?q=sample_id+50%25");
    expect(filterFromQuery(found)).toEqual({ status: "all", dataset: "all", q: "sample_id 50%" });
    expect(filterFromQuery("?q=%20%20")).toEqual({ status: "all", dataset: "all" });
  });

  it("reads a status that is none as any, and a group as the server does: trimmed, blank as any, at most 200 characters", () => {
    expect(filterFromQuery("?status=finished")).toEqual({ status: "all", dataset: "all" });
    expect(filterFromQuery("?status=active&group=%20lr%20sweep%20")).toEqual({ status: "active", dataset: "all", group: "lr sweep" });
    expect(filterFromQuery("?group=%20")).toEqual({ status: "all", dataset: "all" });
    expect(filterFromQuery(`?group=${"g".repeat(250)}`).group).toHaveLength(200);
  });
});

describe("noneMatch", () => {
  const titleOf = (name: string) => (name === "wine" ? "Wines" : name);

  it("says what the filter asked for, in a person's words", () => {
    expect(noneMatch({ status: "failed", dataset: "all" }, titleOf)).toBe("No failed runs match these filters.");
    expect(noneMatch({ status: "active", dataset: "wine" }, titleOf)).toBe("No active runs on Wines match these filters.");
    expect(noneMatch({ status: "cancelled", dataset: "all", kind: "range-test" }, titleOf)).toBe("No stopped or cancelled range tests match these filters.");
    expect(noneMatch({ status: "all", dataset: "blobs", group: "lr sweep", kind: "training" }, titleOf)).toBe(
      "No training runs on blobs in the sweep lr sweep match these filters.",
    );
  });

  it("says the filter looked at the newest runs alone where older ones were not asked for", () => {
    expect(noneMatch({ status: "failed", dataset: "all" }, titleOf, 200)).toBe("No failed runs match these filters among the newest 200.");
  });
});

describe("serverFilter", () => {
  it("asks the server for the text, the status (the active ones as three), the sweep, the dataset and the kind", () => {
    expect(serverFilter({ status: "all", dataset: "all" })).toEqual({});
    expect(serverFilter({ status: "all", dataset: "wine", kind: "training" })).toEqual({ dataset: "wine", kind: "training" });
    expect(serverFilter({ status: "all", dataset: "all", kind: "range-test" })).toEqual({ kind: "range-test" });
    expect(serverFilter({ status: "failed", dataset: "all", q: "lr", group: "lr sweep" })).toEqual({ q: "lr", status: ["failed"], group: "lr sweep" });
    expect(serverFilter({ status: "active", dataset: "all" })).toEqual({ status: ["queued", "running", "paused"] });
  });

  it("leaves out a status that is none (an address's) and a blank sweep or dataset, which the server would take for every run", () => {
    expect(serverFilter({ status: "finished", dataset: " ", group: " " })).toEqual({});
  });

  it("names a kind's runs, one or more", () => {
    expect([kindWords("range-test", 1), kindWords("range-test", 0), kindWords("training", 2), kindWords(undefined, 1)]).toEqual(["range test", "range tests", "training runs", "run"]);
  });

  it("names the status before the word runs", () => {
    expect([statusWords("all"), statusWords("active"), statusWords("cancelled"), statusWords("failed")]).toEqual(["", "active ", "stopped or cancelled ", "failed "]);
  });
});

describe("a sweep's group", () => {
  const grouped = (id: string, group: string | null, created_at: number) => ({ ...run(id, "running", "digits"), group, created_at });
  const swept = [grouped("c", "lr sweep", 3), grouped("x", null, 2.5), grouped("b", "seed sweep", 2), grouped("a", "lr sweep", 1)];

  it("keeps its runs alone, and ticks them oldest first", () => {
    expect(filterRuns(swept, { status: "all", dataset: "all", group: "lr sweep" }).map((r) => r.id)).toEqual(["c", "a"]);
    expect(groupRunIds(swept, "lr sweep")).toEqual(["a", "c"]);
    expect(groupRunIds(swept, undefined)).toEqual([]);
    expect(groupsOf(swept)).toEqual(["lr sweep", "seed sweep"]);
  });

  it("round-trips through the address", () => {
    const query = queryOf({ status: "all", dataset: "all", group: "net lr sweep 17:02:05 ab12" });
    expect(query).toBe("?group=net+lr+sweep+17%3A02%3A05+ab12");
    expect(filterFromQuery(query)).toEqual({ status: "all", dataset: "all", group: "net lr sweep 17:02:05 ab12" });
    expect(filterFromQuery("")).toEqual({ status: "all", dataset: "all" });
  });
});

describe("datasetsOf", () => {
  it("names each dataset once by the title its runs kept, with its id's start beside a shared title", () => {
    const titled = (id: string, dataset: string, title: string | null) => trainedOn({ ...run(id, "succeeded", dataset), dataset_title: title });
    const kinds = [titled("a", "upload-1aaaaaaaaaaa", "flowers.csv"), titled("b", "upload-1aaaaaaaaaaa", "flowers.csv"), titled("c", "digits", "Handwritten digits (8×8)")];
    const twice = [titled("d", "upload-2bbbbbbbbbbb", "flowers.csv"), titled("e", "upload-3ccccccccccc", null)];
    expect(datasetsOf(kinds)).toEqual([
      { name: "upload-1aaaaaaaaaaa", title: "flowers.csv" },
      { name: "digits", title: "Handwritten digits (8×8)" },
    ]);
    expect(datasetsOf([...kinds, ...twice]).map((d) => d.title)).toEqual([
      "flowers.csv · 1aaaaa",
      "flowers.csv · 2bbbbb",
      "Handwritten digits (8×8)",
      "upload-3ccccccccccc",
    ]);
    // An upload of the same title that no listed run trained on still tells the two apart.
    const uploads = [{ name: "upload-9fffffffffff", title: "flowers.csv" }];
    expect(datasetsOf(kinds, uploads).map((d) => d.title)).toEqual(["flowers.csv · 1aaaaa", "Handwritten digits (8×8)"]);
    expect(datasetNames(kinds, uploads).get("upload-1aaaaaaaaaaa")).toEqual({ name: "upload-1aaaaaaaaaaa", title: "flowers.csv", tag: "1aaaaa" });
  });

  it("keeps the dataset chosen, which no listed run may have trained on, by its known title", () => {
    const known = [{ name: "moons", title: "Two moons" }];
    expect(datasetsOf([trainedOn(run("a", "failed", "digits"))], known, "moons")).toEqual([
      { name: "digits", title: "digits" },
      { name: "moons", title: "Two moons" },
    ]);
    expect(datasetsOf([], [], "gone").map((d) => d.title)).toEqual(["gone"]);
    // A run that kept no title (from before titles were kept) is named by the catalogue's.
    expect(datasetsOf([{ name: "moons", title: null }], known)).toEqual([{ name: "moons", title: "Two moons" }]);
    expect(datasetsOf([trainedOn(run("a", "failed", "moons"))], known, "moons")).toHaveLength(1);
  });
});

describe("times", () => {
  it("counts a live run to now and an ended one to its end", () => {
    expect(durationOf(run("a", "running", "d", { started_at: 100 }), 165)).toBe(65);
    expect(durationOf(run("b", "succeeded", "d", { started_at: 100, finished_at: 130 }), 999)).toBe(30);
    expect(durationOf(run("d", "queued", "d"), 999)).toBeNull();
  });

  it("counts only the time it trained: not paused, stopped or queued again", () => {
    // Trained 20 s, stopped 31 s, continued: 51 s from start to end, 20 s of training.
    const stopped = { started_at: 100, finished_at: 151, training_seconds: 20, training_since: null };
    expect(durationOf(run("a", "cancelled", "d", stopped), 999)).toBe(20);
    // Paused now, after 12 s of training: it stands still.
    expect(durationOf(run("b", "paused", "d", { started_at: 100, training_seconds: 12, training_since: null }), 500)).toBe(12);
    // Resumed at 300 after 12 s: it counts on from there.
    expect(durationOf(run("c", "running", "d", { started_at: 100, training_seconds: 12, training_since: 300 }), 305)).toBe(17);
  });

  it("writes durations in the largest units that fit", () => {
    const written = [null, 0.0412, 0.0949, 0.84, 45.9, 187, 7500].map(formatDuration);
    expect(written).toEqual(["—", "41ms", "95ms", "0.8s", "45s", "3m 07s", "2h 05m"]);
  });

  it("names a run by its own name, else its design's", () => {
    expect(runName(run("a", "running", "d"))).toBe("net");
    expect(runName(run("a", "running", "d", { name: "wide" }))).toBe("wide");
  });
});

describe("a run's kind", () => {
  const rangeTest = { ...run("r", "succeeded", "digits"), training: { dataset: "digits", range_test: { start_lr: 1e-7, end_lr: 10, steps: 100 } } } as unknown as RunInfo;
  const mixed = [run("a", "succeeded", "digits"), rangeTest];

  it("keeps training runs or range tests alone", () => {
    expect(filterRuns(mixed, { status: "all", dataset: "all", kind: "range-test" }).map((r) => r.id)).toEqual(["r"]);
    expect(filterRuns(mixed, { status: "all", dataset: "all", kind: "training" }).map((r) => r.id)).toEqual(["a"]);
  });

  it("round-trips through the address, and an unknown kind is none", () => {
    const query = queryOf({ status: "all", dataset: "all", kind: "range-test" });
    expect(query).toBe("?kind=range-test");
    expect(filterFromQuery(query)).toEqual({ status: "all", dataset: "all", kind: "range-test" });
    expect(filterFromQuery("?kind=other")).toEqual({ status: "all", dataset: "all" });
  });
});

describe("startedWhen", () => {
  it("is a run's start, and a copy's making (its record keeps its original's start)", () => {
    expect(startedWhen(run("a", "succeeded", "d", { created_at: 90, started_at: 100 }))).toBe(100);
    expect(startedWhen(run("b", "queued", "d", { created_at: 90 }))).toBeNull();
    expect(startedWhen(run("c", "running", "d", { created_at: 500, started_at: 100, copied_at: 42, based_on: "a" }))).toBe(500);
  });
});
