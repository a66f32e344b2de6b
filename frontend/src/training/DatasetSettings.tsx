// The dataset a run trains on: its choice and sizes, an upload's file, rename and delete, a 2-D set's
// options, a preview, the test set, and the ways to add a dataset.
import { Fragment, useRef, useState } from "react";
import type { Catalog, DatasetSpec } from "../api/types";
import type { SettingsEditor } from "./useTrainingSettings";
import type { FieldProblems } from "./useFieldProblems";
import { DatasetPreview } from "./DatasetPreview";
import { DatasetDelete } from "./DatasetDelete";
import { DatasetRename } from "./DatasetRename";
import { DatasetFileLink } from "./DatasetFileLink";
import { DatasetUpload } from "./DatasetUpload";
import { datasetLabels } from "./datasetLabel";
import { PlaneOptions } from "./PlaneOptions";
import type { DatasetOptions } from "./planeOptions";
import { MakeImageDataset } from "./makeset/MakeImageDataset";
import { TestSetting } from "./TestSetting";
import { heldOut, withoutTestSet } from "./testSet";

interface Props {
  catalog: Catalog;
  editor: SettingsEditor;
  /** The chosen dataset as the catalog lists it, and as its options size it. */
  listed: DatasetSpec | undefined;
  dataset: DatasetSpec | undefined;
  problems: FieldProblems;
  onDatasetAdded?: (dataset: DatasetSpec) => void;
  onDatasetDeleted?: (name: string) => void;
  onDatasetOptions?: (options: DatasetOptions) => void;
}

export function DatasetSettings({ catalog, editor, listed, dataset, problems, onDatasetAdded, onDatasetDeleted, onDatasetOptions }: Props) {
  const { settings, update, setDataset } = editor;
  const labels = datasetLabels(catalog.datasets);
  const testFraction = settings.test_fraction ?? 0;
  // A deleted upload's Delete goes with it: the focus goes to the dataset chosen in its place.
  const select = useRef<HTMLSelectElement>(null);
  const [deleted, setDeleted] = useState("");
  return (
    <>
      <label className="field" title={dataset?.help}>
        <span>Dataset</span>
        <select aria-label="Dataset" data-testid="dataset-select" ref={select} value={settings.dataset} onChange={(e) => setDataset(e.target.value)}>
          {catalog.datasets.map((d) => (
            <option key={d.name} value={d.name}>
              {labels.get(d.name)}
            </option>
          ))}
        </select>
      </label>
      {dataset && (
        <p className="hint" data-testid="dataset-sizes">
          {dataset.task}, {(withoutTestSet(dataset, testFraction)?.train_size ?? 0).toLocaleString("en-US")} train / {dataset.val_size.toLocaleString("en-US")} validation
          {heldOut(dataset.train_size, testFraction) > 0 ? ` / ${heldOut(dataset.train_size, testFraction).toLocaleString("en-US")} test` : ""} samples
          {dataset.classes ? `, ${dataset.classes.length} classes` : ""}
        </p>
      )}
      {/* One key for the pair, each upload's own: two siblings keyed alike left React unsure which
          to remove, and the file's link outlived its upload's choice under a built-in dataset. */}
      {dataset?.source === "upload" && (
        <Fragment key={dataset.name}>
          <DatasetFileLink datasetId={dataset.name} label="Download this dataset's file" />
          {onDatasetAdded && <DatasetRename dataset={dataset} onRenamed={onDatasetAdded} />}
          {onDatasetDeleted && (
            <DatasetDelete
              dataset={dataset}
              onDeleted={(name) => {
                setDataset("digits");
                onDatasetDeleted(name);
                select.current?.focus();
                setDeleted(`Deleted “${dataset.title}”. The dataset is now ${labels.get("digits") ?? "digits"}.`);
              }}
            />
          )}
        </Fragment>
      )}
      <span className="visually-hidden" role="status" data-testid="dataset-deleted">
        {deleted}
      </span>
      {listed?.plane && (
        <PlaneOptions
          plane={listed.plane}
          choices={catalog.dataset_options}
          options={settings.dataset_options}
          onChange={(options) => (onDatasetOptions ? onDatasetOptions(options) : update({ dataset_options: options }))}
        />
      )}
      <DatasetPreview dataset={listed} options={settings.dataset_options} testFraction={testFraction} maxTestFraction={catalog.setting_bounds.test_fraction?.max ?? 0.5} />
      <TestSetting bounds={catalog.setting_bounds} settings={settings} dataset={dataset} update={update} problems={problems} />
      {onDatasetAdded && <DatasetUpload datasets={catalog.datasets} bounds={catalog.upload_bounds} onAdded={onDatasetAdded} onSelect={setDataset} />}
      {onDatasetAdded && <MakeImageDataset catalog={catalog} onAdded={onDatasetAdded} onSelect={setDataset} />}
    </>
  );
}
