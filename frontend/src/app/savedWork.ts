// The editor's work kept in this tab (tabKept.ts): the design, the training settings, the sweep
// chosen (the values to try) and the run the design came from, kept together so that a reload, a
// run's page or a model page and back never lose them, and a new tab opens the latest all of a piece.
// "New design" starts over.
import type { Catalog, Design, TrainingSettings } from "../api/types";
import { parseDesign } from "../editor/designFile";
import { fromDesign } from "../editor/layerGraph";
import { savedSweep, type Sweep } from "../training/sweep/sweepValues";
import { defaultSettings } from "../training/useTrainingSettings";
import { withOptions } from "../training/planeOptions";
import { placeOnDataset } from "./placeOnDataset";
import { keep, readKept } from "./tabKept";

const KEY = "torchcanvas.editor.v1";
// Where the run the design came from was kept alone, before it was kept with the design.
const BASED_ON_BEFORE = "torchcanvas.basedOn.v1";
const RUN_ID = /^[0-9a-f]{16}$/;

export interface SavedWork {
  design: Design;
  settings: TrainingSettings;
  sweep: Sweep;
  /** The run the design was made from (Workbench.tsx). */
  basedOn: string | null;
}

/** Saved work as it comes back, and what had to change for it to fit this server's datasets. */
export interface RestoredWork extends SavedWork {
  notice: string | null;
}

/** The saved design and settings, or null when none is saved or what is saved no longer fits. */
export function loadWork(catalog: Catalog): RestoredWork | null {
  let data: { design?: unknown; settings?: unknown; sweep?: unknown; basedOn?: unknown };
  try {
    data = JSON.parse(readKept(KEY) ?? "null") as typeof data;
    if (!data) return null;
    const design = parseDesign(JSON.stringify(data.design ?? null), "The saved design");
    fromDesign(design); // throws when its edges do not fit its layers
    const settings = settingsFor(catalog, data.settings);
    // Its dataset (or the default, when that is gone) gives the input shape, as in the editor.
    const listed = catalog.datasets.find((d) => d.name === settings.dataset);
    const dataset = withOptions(listed, settings.dataset_options); // a 2-D set's samples are its features
    const named = (data.settings as { dataset?: unknown } | undefined)?.dataset;
    const placed = placeOnDataset(design, dataset ? [dataset] : [], dataset, typeof named === "string" ? named : null);
    const basedOn = "basedOn" in data ? data.basedOn : readKept(BASED_ON_BEFORE);
    const runId = typeof basedOn === "string" && RUN_ID.test(basedOn) ? basedOn : null;
    return { design: placed.design, settings, sweep: savedSweep(data.sweep), basedOn: runId, notice: placed.notice };
  } catch {
    return null; // a damaged or older entry: start as on a first visit
  }
}

/** The saved settings over the defaults; a dataset that is gone (a deleted upload) is not kept. */
function settingsFor(catalog: Catalog, saved: unknown): TrainingSettings {
  const defaults = defaultSettings(catalog);
  if (typeof saved !== "object" || saved === null || Array.isArray(saved)) return defaults;
  const settings = { ...defaults, ...(saved as Partial<TrainingSettings>) };
  return catalog.datasets.some((d) => d.name === settings.dataset) ? settings : defaults;
}

export function saveWork(work: SavedWork): void {
  keep(KEY, JSON.stringify(work));
}
