// The editor's work kept in this browser (localStorage): the design, the training settings and the
// sweep chosen (the values to try), so
// that a reload, a run's page or a model page and back never lose it. "New design" starts over.
import type { Catalog, Design, TrainingSettings } from "../api/types";
import { parseDesign } from "../editor/designFile";
import { fromDesign } from "../editor/layerGraph";
import { savedSweep, type Sweep } from "../training/sweep/sweepValues";
import { defaultSettings } from "../training/useTrainingSettings";
import { withOptions } from "../training/planeOptions";
import { placeOnDataset } from "./placeOnDataset";

const KEY = "torchcanvas.editor.v1";

export interface SavedWork {
  design: Design;
  settings: TrainingSettings;
  sweep: Sweep;
}

/** Saved work as it comes back, and what had to change for it to fit this server's datasets. */
export interface RestoredWork extends SavedWork {
  notice: string | null;
}

/** The saved design and settings, or null when none is saved or what is saved no longer fits. */
export function loadWork(catalog: Catalog): RestoredWork | null {
  let data: { design?: unknown; settings?: unknown; sweep?: unknown };
  try {
    data = JSON.parse(window.localStorage.getItem(KEY) ?? "null") as typeof data;
    if (!data) return null;
    const design = parseDesign(JSON.stringify(data.design ?? null), "The saved design");
    fromDesign(design); // throws when its edges do not fit its layers
    const settings = settingsFor(catalog, data.settings);
    // Its dataset (or the default, when that is gone) gives the input shape, as in the editor.
    const listed = catalog.datasets.find((d) => d.name === settings.dataset);
    const dataset = withOptions(listed, settings.dataset_options); // a 2-D set's samples are its features
    const named = (data.settings as { dataset?: unknown } | undefined)?.dataset;
    const placed = placeOnDataset(design, dataset ? [dataset] : [], dataset, typeof named === "string" ? named : null);
    return { design: placed.design, settings, sweep: savedSweep(data.sweep), notice: placed.notice };
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
  try {
    window.localStorage.setItem(KEY, JSON.stringify(work));
  } catch {
    // Storage full or switched off: the editor still works, it just will not survive a reload.
  }
}
