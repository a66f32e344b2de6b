// The runs page: every run with its times and results, live while any trains; rename and note a
// run, search runs by text, filter by status, dataset, sweep and kind, overlay the curves of the runs ticked (a sweep's
// runs, all of them, when the address names its group), or delete them. The newest 200 at first (of
// those the filters keep: the server finds them), 200 more for each press of Show older runs.
import { useCallback, useMemo, useRef, useState } from "react";
import type { RunInfo } from "../../api/types";
import { seriesColor } from "../chartTheme";
import { keepSlots } from "./colourSlots";
import { RUNS_PAGE } from "./newestRuns";
import { OlderRuns } from "./OlderRuns";
import { DamagedRuns } from "./DamagedRuns";
import { KeptFor } from "./KeptFor";
import { OtherBrowser } from "./OtherBrowser";
import { RunsDelete } from "./RunsDelete";
import { RunsFilters } from "./RunsFilters";
import { RunsOverlay, showCompared } from "./RunsOverlay";
import { RunsTable } from "./RunsTable";
import { ALL, datasetNames, datasetsOf, filterFromQuery, filterRuns, groupRunIds, groupsOf, isLive, kindOf, newestFirst, noneMatch, serverFilter, statusWords, trainedOn, type RunFilter, type TrainedOn } from "./runList";
import { lossTask, nextSort, pageQuery, sortFromQuery, sortRuns, type RunSort, type SortKey } from "./runSort";
import { useRunCurves } from "./useRunCurves";
import { useRunFacets } from "./useRunFacets";
import { useNow, useRuns } from "./useRuns";
import { useCatalogFacts } from "./useCatalogFacts";
import { useUploadTitles } from "./useUploadTitles";
import "./runsPage.css";

export function RunsPage() {
  const [filter, setFilter] = useState<RunFilter>(() => filterFromQuery(window.location.search));
  const [count, setCount] = useState(RUNS_PAGE);
  const { q, status, group, dataset, kind } = filter;
  const asked = useMemo(() => serverFilter({ q, status, group, dataset, kind }), [q, status, group, dataset, kind]);
  const { runs, answered, more, loading, problem, replace, refresh } = useRuns(asked, count);
  const fresh = answered === asked; // else the runs of the filters before, until these are answered
  const { classCounts, layerDefaults, datasets: catalogued } = useCatalogFacts();
  const uploads = useUploadTitles();
  const known = [...catalogued, ...uploads]; // titles by name, an upload's the one kept
  const [curvesProblem, setCurvesProblem] = useState<string | null>(null);
  const [damagedCount, setDamagedCount] = useState(0); // runs the list leaves out, named apart
  // null: not ticked by hand yet, so a group's runs are all ticked, those that come later too.
  const [ticked, setTicked] = useState<string[] | null>(null);
  const selected = ticked ?? groupRunIds(runs ?? [], filter.group);
  const setSelected = (change: (ids: string[]) => string[]) => setTicked(change(selected));
  const [sweepNotice, setSweepNotice] = useState<unknown>(() => (window.history.state as { sweepNotice?: unknown } | null)?.sweepNotice);
  const [sort, setSort] = useState<RunSort>(() => sortFromQuery(window.location.search));
  const now = useNow(runs?.some(isLive) ?? false);
  // A ticked run the server's filters now leave out stays compared, as it was when last listed.
  const listedById = new Map((runs ?? []).map((run) => [run.id, run]));
  const remembered = useRef(new Map<string, RunInfo>());
  for (const id of selected) {
    const run = listedById.get(id);
    if (run) remembered.current.set(id, run);
  }
  const compared = selected.flatMap((id) => listedById.get(id) ?? remembered.current.get(id) ?? []).sort(newestFirst);
  // What the filters offer: the datasets, sweeps and range tests among all the runs as the page
  // opened (the server's facets), and among every list since (a run made since): one dataset's,
  // sweep's or kind's list (?dataset=, ?group=, ?kind=) names no other.
  const facets = useRunFacets();
  const [groupsSeen, setGroupsSeen] = useState<string[]>([]);
  const listedGroups = [...groupsOf(runs ?? []), ...facets.groups];
  if (listedGroups.some((group) => !groupsSeen.includes(group))) setGroupsSeen([...new Set([...groupsSeen, ...listedGroups])]);
  const datasetsSeen = useRef(new Map<string, TrainedOn>());
  for (const run of runs ?? []) if (!datasetsSeen.current.has(run.training.dataset)) datasetsSeen.current.set(run.training.dataset, trainedOn(run));
  const seenDatasets = [...facets.datasets, ...datasetsSeen.current.values()];
  const rangeTestSeen = useRef(false);
  if (facets.range_tests || runs?.some((run) => kindOf(run) === "range-test")) rangeTestSeen.current = true;
  const heading = useRef<HTMLHeadingElement>(null); // the focus's place once the ticked runs are deleted
  const curves = useRunCurves(compared, useCallback((p: string) => setCurvesProblem(p), []));

  // Filter and sort live in the address, so a reload or a link keeps them.
  const remember = (nextFilter: RunFilter, nextSorting: RunSort) =>
    window.history.replaceState(null, "", `${window.location.pathname}${pageQuery(nextFilter, nextSorting)}`);
  const changeFilter = (next: RunFilter) => {
    if (next.group !== filter.group) setTicked(null);
    setFilter(next);
    remember(next, sort);
  };
  const changeSort = (column: SortKey) => {
    const next = nextSort(sort, column);
    setSort(next);
    remember(filter, next);
  };
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  // A run keeps its colour while it stays ticked: the slots follow the ticks, updated as React
  // updates state from a render (when the ticks differ from those they were made for).
  const ticks = selected.join(",");
  const [slots, setSlots] = useState({ ticks: "", of: new Map<string, number>() });
  let slotOf = slots.of;
  if (slots.ticks !== ticks) {
    slotOf = keepSlots(slots.of, selected);
    setSlots({ ticks, of: slotOf });
  }
  const colourOf = (id: string) => {
    const slot = slotOf.get(id);
    return slot === undefined ? undefined : seriesColor(slot); // a theme name: charts and swatches follow the scheme
  };
  const shown = runs ? sortRuns(filterRuns(runs, filter), sort, now) : [];
  const datasets = datasetsOf(seenDatasets, known, filter.dataset);
  const names = datasetNames(seenDatasets, known);
  const titleOf = (name: string) => datasets.find((d) => d.name === name)?.title ?? name;
  const newest = more ? (runs?.length ?? 0) : null; // the page's filters look at these alone
  const filtered = Object.keys(asked).length > 0; // the server kept some runs alone
  const sortedWithin = sort.key === "val_loss" && new Set(shown.map(lossTask)).size > 1;
  const [deletedSaid, setDeletedSaid] = useState("");
  const deleted = (ids: string[], said: string) => {
    setDeletedSaid(said);
    setSelected((s) => s.filter((id) => !ids.includes(id)));
    refresh();
  };

  return (
    <main className="runs-page">
      <section className="panel">
        <h2 tabIndex={-1} ref={heading}>
          Runs
        </h2>
        {/* Always there, so that a screen reader hears a delete's word, the last runs' too. */}
        <span className="visually-hidden" role="status" data-testid="runs-delete-said">
          {deletedSaid}
        </span>
        {(problem ?? curvesProblem) && <p className="design-error">{problem ?? curvesProblem}</p>}
        {runs === null && !problem && <p className="muted">Loading runs…</p>}
        {runs?.length === 0 && damagedCount === 0 && !filtered && <p className="muted">No runs yet: train a design in the editor.</p>}
        <KeptFor testId="runs-kept-for" className="muted" />
        {typeof sweepNotice === "string" && (
          <p className="design-notice" role="status" data-testid="sweep-notice">
            <span>{sweepNotice}</span>
            <button type="button" onClick={() => (setSweepNotice(undefined), window.history.replaceState(null, "", window.location.href))}>
              OK
            </button>
          </p>
        )}
        <DamagedRuns onCount={setDamagedCount} />
        <OtherBrowser onClaimed={refresh} />
        {runs && (runs.length > 0 || filtered) && (
          <>
            <RunsFilters filter={filter} datasets={datasets} groups={groupsSeen} rangeTests={rangeTestSeen.current} shown={shown.length} total={runs.length} newest={newest !== null} fresh={fresh} onChange={changeFilter} />
            <div className="runs-ticked">
              {compared.length > 0 && (
                <button type="button" className="link" onClick={() => showCompared()} data-testid="runs-compare-link">
                  See the {compared.length === 1 ? "ticked run" : `${compared.length} ticked runs`} compared, under the table ↓
                </button>
              )}
              <RunsDelete ticked={compared} onDeleted={deleted} after={heading} />
            </div>
            {sortedWithin && (
              <p className="muted" data-testid="runs-sort-within">
                Val loss sorts within each dataset and loss: one task's loss does not compare with another's.
              </p>
            )}
            <RunsTable runs={shown} now={now} selected={selected} onToggle={toggle} colourOf={colourOf} onSaved={replace} sort={sort} onSort={changeSort} classCounts={classCounts} datasetTag={(name) => names.get(name)?.tag ?? ""} noneMatch={noneMatch(filter, titleOf, newest)} onShowAll={() => changeFilter({ status: ALL, dataset: ALL })} />
            {fresh && <OlderRuns listed={runs.length} more={more} asked={count > RUNS_PAGE} loading={loading} searched={Boolean(filter.q)} which={statusWords(filter.status)} onMore={() => setCount((n) => n + RUNS_PAGE)} />}
          </>
        )}
      </section>
      <RunsOverlay runs={compared} curves={curves} colourOf={colourOf} layerDefaults={layerDefaults} />
    </main>
  );
}
