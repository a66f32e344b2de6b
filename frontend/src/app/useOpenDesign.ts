// Opening a design (a file, a template, a link) and starting over, with the dataset it trains on.
import { useState } from "react";
import type { Catalog, DatasetSpec, Design } from "../api/types";
import type { LinkedDesign, LinkedSettings } from "../editor/designLink";
import type { DesignEditor } from "../editor/useDesign";
import { newDesignName } from "../editor/newDesignName";
import { defaultSettings, type SettingsEditor } from "../training/useTrainingSettings";
import { challengeById } from "../training/challenges/challenges";
import { activeChallenge } from "../training/challenges/challengeStore";
import { withOptions, type DatasetOptions } from "../training/planeOptions";
import { linkNotice } from "./linkNotice";
import { placeOnDataset } from "./placeOnDataset";
import { useDatasetUndo, type DatasetChoice } from "./useDatasetUndo";

/** The default dataset's samples, when the chosen one is gone. */
const defaultShape = (catalog: Catalog) => catalog.datasets.find((d) => d.name === defaultSettings(catalog).dataset)?.sample_shape ?? [1];

/** `notice` says what opening changed that the user did not ask for (the input shape, the dataset).
 * `onBasedOn`: the run the opened design came from (a run page's link), null for any other. */
export function useOpenDesign(catalog: Catalog, editor: DesignEditor, settingsEditor: SettingsEditor, current: DatasetSpec | undefined, initialNotice: string | null, onBasedOn: (runId: string | null) => void = () => undefined) {
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const datasetOf = (name: string) => catalog.datasets.find((d) => d.name === name);

  const moveTo = ({ dataset, options }: DatasetChoice, undo: boolean) => {
    settingsEditor.setDataset(dataset);
    settingsEditor.update({ dataset_options: options });
    const back = withOptions(datasetOf(dataset), options);
    if (back) editor.setInputShape(back.sample_shape);
    const said = undo ? "Undo" : "Redo";
    setNotice(back ? `${said}: the dataset is ${back.title} again, the one these layers were made for.` : null);
  };
  const rememberMove = useDatasetUndo(editor.step, moveTo);

  /** `options`: a 2-D set's, whose features make its samples (planeOptions.ts). */
  const place = (design: Design, named: string | null, options: DatasetOptions | null = null, namedTitle: string | null = null) => {
    const { dataset: chosen, dataset_options: chosenOptions } = settingsEditor.settings;
    const target = named ?? chosen; // the current set keeps its options unless the link has others
    const kept = options ?? (target === chosen ? chosenOptions : null);
    const datasets = catalog.datasets.map((d) => (d.name === target ? withOptions(d, kept)! : d));
    const placed = placeOnDataset(design, datasets, current, named, namedTitle);
    if (placed.dataset && placed.dataset.name !== settingsEditor.settings.dataset) settingsEditor.setDataset(placed.dataset.name);
    editor.loadDesign(placed.design);
    setNotice(placed.notice);
    return placed.notice;
  };

  /** A template or a link: the design on its dataset, with the run's settings when the link has them. */
  const openDesign = (
    design: Design,
    datasetName: string | null,
    initFrom: string | null = null,
    training: LinkedSettings | null = null,
    datasetTitle: string | null = null,
  ) => {
    const placed = place(design, datasetName, training?.dataset_options ?? null, datasetTitle);
    // A new design starts from fresh weights with no layer frozen, unless the link says otherwise.
    settingsEditor.update({ ...training, init_from: initFrom, frozen: training?.frozen ?? [] });
    return placed;
  };

  /** A link's design over the user's own, which is said with the way back to it: opened on page
   * load, a classmate's link replaced a renamed design of one's own without a word. */
  const openLink = (linked: LinkedDesign) => {
    const own = editor.design;
    const { dataset, dataset_options: options } = settingsEditor.settings;
    const to = linked.dataset ?? dataset;
    // As a template's: Undo back to the user's design brings back the dataset it was made for.
    if (to !== dataset && datasetOf(to)) {
      const from = { dataset, options: options ?? null };
      rememberMove({ before: editor.step, from, to: { dataset: to, options: linked.training?.dataset_options ?? null } });
    }
    const placed = openDesign(linked.design, linked.dataset, linked.initFrom, linked.training, linked.datasetTitle);
    onBasedOn(linked.basedOn);
    // A challenge's Start opens its design as a link: said as the challenge, not as a link.
    const challenge = challengeById(activeChallenge());
    const started = challenge && JSON.stringify(challenge.design) === JSON.stringify(linked.design);
    setNotice(linkNotice(linked.design, own, placed, started ? challenge.title : null));
  };

  /** A template, with what it changed that the user did not pick (its dataset) said over the editor;
   * Undo back past it brings that dataset back. */
  const openTemplate = (design: Design, datasetName: string, moved: string | null) => {
    const { dataset, dataset_options: options } = settingsEditor.settings;
    const from = { dataset, options: options ?? null };
    if (datasetName !== dataset) rememberMove({ before: editor.step, from, to: { dataset: datasetName, options: null } });
    openDesign(design, datasetName);
    onBasedOn(null);
    if (moved) setNotice(moved);
  };

  /** A design file: it names no dataset, so it goes to one whose samples fit its input_shape. */
  const loadDesign = (design: Design) => {
    place(design, null);
    settingsEditor.update({ init_from: null, frozen: [] });
    onBasedOn(null);
  };

  /** An empty design on the default settings but the chosen dataset and loss, so the input keeps its
   * shape and Undo brings the old layers back onto the data they were made for. */
  const startOver = () => {
    settingsEditor.reset();
    const shape = current?.sample_shape ?? defaultShape(catalog);
    editor.loadDesign({ version: 1, name: newDesignName(), input_shape: shape, layers: [] });
    setNotice(null);
    onBasedOn(null);
  };

  return { openDesign, openTemplate, openLink, loadDesign, startOver, notice, dismissNotice: () => setNotice(null) };
}
