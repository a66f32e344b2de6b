// The runs page's pure parts: which runs a filter keeps, when a run started, how long it took.
import type { RunInfo, RunKind, RunStatus } from "../../api/types";
import { sharedTitleIds } from "../datasetLabel";
import type { RunsAsked } from "./newestRuns";

export const LIVE_STATUSES: RunStatus[] = ["queued", "running", "paused"];
const ENDED_STATUSES: RunStatus[] = ["succeeded", "failed", "cancelled"];
/** The most characters of a group the server takes (GET /api/runs?group=). */
const MAX_GROUP = 200;
export const ALL = "all";
export const ACTIVE = "active";

export interface RunFilter {
  /** "all", "active" (queued, running or paused), or one status. */
  status: string;
  /** "all" or a dataset name. */
  dataset: string;
  /** A group's runs alone (a sweep's, Run.group); absent: any. */
  group?: string;
  /** Training runs alone, or learning-rate range tests alone; absent: both. */
  kind?: RunKind;
  /** The text the search box finds runs by (GET /api/runs?q=, on the server); absent: every run. */
  q?: string;
}

export type { RunKind };

export function kindOf(run: RunInfo): RunKind {
  return run.training.range_test ? "range-test" : "training";
}

export function isLive(run: RunInfo): boolean {
  return LIVE_STATUSES.includes(run.status);
}

export function filterRuns(runs: RunInfo[], filter: RunFilter): RunInfo[] {
  return runs.filter((run) => {
    const status = filter.status === ALL || (filter.status === ACTIVE ? isLive(run) : run.status === filter.status);
    const group = filter.group === undefined || run.group === filter.group;
    const kind = filter.kind === undefined || kindOf(run) === filter.kind;
    return status && group && kind && (filter.dataset === ALL || run.training.dataset === filter.dataset);
  });
}

/** What the server is asked to filter by: every filter, so that the runs it keeps are all found,
 * older ones too, not only those among the newest listed. A status the address names that is none
 * leaves the list whole (the page's filter then keeps no run). */
export function serverFilter(filter: RunFilter): RunsAsked {
  const named = [...LIVE_STATUSES, ...ENDED_STATUSES].find((status) => status === filter.status);
  const status = filter.status === ACTIVE ? LIVE_STATUSES : named ? [named] : undefined;
  return {
    ...(filter.q ? { q: filter.q } : {}),
    ...(status ? { status } : {}),
    ...(filter.group?.trim() ? { group: filter.group } : {}),
    ...(filter.dataset !== ALL && filter.dataset.trim() ? { dataset: filter.dataset } : {}),
    ...(filter.kind !== undefined ? { kind: filter.kind } : {}),
  };
}

/** Whether `status` is one the status filter offers: all, active, or a run's status. */
function isStatusFilter(status: string): boolean {
  return [ALL, ACTIVE, ...LIVE_STATUSES, ...ENDED_STATUSES].some((known) => known === status);
}

/** A filter's status as the words before "runs": "failed ", "active ", and none for any status. */
export function statusWords(status: string): string {
  if (status === ALL) return "";
  return `${status === ACTIVE ? "active" : status === "cancelled" ? "stopped or cancelled" : status} `;
}

/** What the runs of a kind are called, `count` of them: "range test", "training runs", "runs". */
export function kindWords(kind: RunKind | undefined, count: number): string {
  const one = kind === "range-test" ? "range test" : kind === "training" ? "training run" : "run";
  return count === 1 ? one : `${one}s`;
}

/** What a filter that keeps no run asked for, as a sentence: "No failed runs on Wines match these
 * filters." `titleOf` gives a dataset's title by its name; `newest`, the runs the filter looked
 * at where the server has older ones too. */
export function noneMatch(filter: RunFilter, titleOf: (dataset: string) => string, newest: number | null = null): string {
  const status = statusWords(filter.status);
  const runs = kindWords(filter.kind, 2);
  const dataset = filter.dataset === ALL ? "" : ` on ${titleOf(filter.dataset)}`;
  const group = filter.group === undefined ? "" : ` in the sweep ${filter.group}`;
  const found = filter.q ? ` found by “${filter.q}”` : "";
  const among = newest === null ? "" : ` among the newest ${newest}`;
  return `No ${status}${runs}${dataset}${group}${found} match these filters${among}.`;
}

/** The server's order of runs: newest first by creation, then by id. */
export function newestFirst(a: RunInfo, b: RunInfo): number {
  return b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The groups the runs were started in (sweeps), each once, newest first as the runs come. */
export function groupsOf(runs: RunInfo[]): string[] {
  return [...new Set(runs.flatMap((run) => (run.group ? [run.group] : [])))];
}

/** The runs a group's comparison ticks: its own, oldest first, so colours follow the values' order. */
export function groupRunIds(runs: RunInfo[], group: string | undefined): string[] {
  if (group === undefined) return [];
  return runs
    .filter((run) => run.group === group)
    .sort((a, b) => a.created_at - b.created_at)
    .map((run) => run.id);
}

/** Each dataset as the runs page names it: its name (an upload's id), its title, and the start
 * of its id where another of the owner's datasets (`uploads`, or one a run trained on) has that
 * title too ("machines.csv" and "5912ab"), as the editor's dataset picker tells them apart. */
export interface DatasetName {
  name: string;
  title: string;
  /** The start of its id, or "" where its title is its own. */
  tag: string;
}

/** The datasets of the runs and the owner's uploads, by name. */
export function datasetNames(trained: TrainedOn[], uploads: { name: string; title: string }[]): Map<string, DatasetName> {
  const titles = new Map(uploads.map(({ name, title }) => [name, title]));
  for (const { name, title } of trained) if (title !== null || !titles.has(name)) titles.set(name, title ?? name);
  const known = [...titles].map(([name, title]) => ({ name, title }));
  const tags = sharedTitleIds(known);
  return new Map(known.map(({ name, title }) => [name, { name, title, tag: tags.get(name) ?? "" }]));
}

/** The datasets runs trained on, and the one `chosen` (which the runs the server listed by
 * status or sweep may not hold), each once and sorted: its name and its label ("machines.csv
 * · 5912ab" where two share the title). `known`: titles by name (uploads, the catalogue's). */
export function datasetsOf(trained: TrainedOn[], known: { name: string; title: string }[] = [], chosen = ALL): { name: string; title: string }[] {
  const names = datasetNames(trained, known);
  const listed = [...trained.map(({ name }) => name), ...(chosen === ALL ? [] : [chosen])];
  const unique = [...new Map(listed.map((name) => [name, names.get(name) ?? { name, title: name, tag: "" }])).values()];
  const labelled = unique.map((d) => ({ name: d.name, title: d.tag ? `${d.title} · ${d.tag}` : d.title }));
  return labelled.sort((a, b) => a.title.localeCompare(b.title));
}

/** A dataset runs trained on, by the title they kept (null where they kept none: the catalogue's
 * or the upload's title, else its name, is shown). */
export interface TrainedOn {
  name: string;
  title: string | null;
}

export function trainedOn(run: RunInfo): TrainedOn {
  return { name: run.training.dataset, title: run.dataset_title ?? null };
}

/** The dataset as a person knows it: its title (an upload's file name) when the run kept it. */
export function datasetTitle(run: RunInfo): string {
  return run.dataset_title ?? run.training.dataset;
}

/** The name a person reads: the one they gave the run, else its design's. */
export function runName(run: RunInfo): string {
  return run.name ?? run.design.name;
}

/** When the run began, as the Started column says and sorts it: a copy made to train more as a new
 * run began when it was made (its record keeps its original's start, which sorted it among the
 * original's days, not first); null for a run that has not started. */
export function startedWhen(run: RunInfo): number | null {
  return run.copied_at != null ? run.created_at : (run.started_at ?? null);
}

/** What the Duration column counts. */
export const DURATION_TITLE = "Time spent training: time queued, paused or stopped is left out, and a continued run adds on";

/** Seconds it trained, counting on to `now` while it trains; null before it starts. A run from
 * before the server counted training time has its start to its end (or to `now`) instead. */
export function durationOf(run: RunInfo, now: number): number | null {
  if (run.started_at == null) return null;
  if (run.training_seconds != null) {
    const since = run.training_since == null ? 0 : Math.max(0, now - run.training_since);
    return run.training_seconds + since;
  }
  const end = run.finished_at ?? (isLive(run) ? now : run.started_at);
  return Math.max(0, end - run.started_at);
}

/** "40ms", "0.8s", "45s", "3m 07s", "2h 05m": a short run on a warm worker is not "0.0s". */
export function formatDuration(seconds: number | null): string {
  if (seconds == null) return "—";
  if (seconds < 0.095) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** The filter in the page's address (?status=…&dataset=…&group=…&kind=…), so a link keeps it: a
 * status that is none reads as any, and a group as the server reads it (trimmed, blank: any). */
export function filterFromQuery(search: string): RunFilter {
  const query = new URLSearchParams(search);
  const group = query.get("group")?.trim().slice(0, MAX_GROUP) || null;
  const kind = query.get("kind");
  const q = query.get("q")?.trim();
  const status = query.get("status") ?? ALL;
  return {
    status: isStatusFilter(status) ? status : ALL,
    dataset: query.get("dataset") ?? ALL,
    ...(group === null ? {} : { group }),
    ...(kind === "training" || kind === "range-test" ? { kind } : {}),
    ...(q ? { q } : {}),
  };
}

export function queryOf(filter: RunFilter): string {
  const query = new URLSearchParams();
  if (filter.status !== ALL) query.set("status", filter.status);
  if (filter.dataset !== ALL) query.set("dataset", filter.dataset);
  if (filter.group !== undefined) query.set("group", filter.group);
  if (filter.kind !== undefined) query.set("kind", filter.kind);
  if (filter.q) query.set("q", filter.q);
  const text = query.toString();
  return text ? `?${text}` : "";
}
