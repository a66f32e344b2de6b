// Training settings, and the Train button with the reason it is disabled.
import { Fragment, type ReactNode } from "react";
import type { Catalog, DatasetSpec, DesignError, DesignFix } from "../api/types";
import type { SettingsEditor } from "./useTrainingSettings";
import { NumberSettings } from "./NumberSettings";
import { TrainButton } from "./TrainButton";
import { ScheduleSettings } from "./ScheduleSettings";
import { AugmentationSettings } from "./AugmentationSettings";
import { takesAugmentation } from "./augmentations";
import { stepsHint } from "./stepsHint";
import { DatasetPreview } from "./DatasetPreview";
import { DatasetDelete } from "./DatasetDelete";
import { DatasetFileLink } from "./DatasetFileLink";
import { DatasetUpload } from "./DatasetUpload";
import { datasetLabels } from "./datasetLabel";
import { PlaneOptions } from "./PlaneOptions";
import { withOptions, type DatasetOptions } from "./planeOptions";
import { MakeImageDataset } from "./makeset/MakeImageDataset";
import { SweepSettings } from "./sweep/SweepSettings";
import { sweepPlan } from "./sweep/sweepValues";
import { useFieldProblems } from "./useFieldProblems";
import { Options } from "./Options";
import { ClassWeights } from "./ClassWeights";
import { TestSetting } from "./TestSetting";
import { heldOut, withoutTestSet } from "./testSet";

interface Props {
  catalog: Catalog;
  editor: SettingsEditor;
  disabledReason: string | null;
  busy: boolean;
  runErrors: DesignError[];
  /** Hints that do not stop a run, such as NLLLoss without a LogSoftmax. */
  hints: DesignError[];
  onFix: (fix: DesignFix) => void;
  onTrain: () => void;
  onDatasetAdded?: (dataset: DatasetSpec) => void;
  onDatasetDeleted?: (name: string) => void;
  /** Shown under the learning rate: the range test that finds one (lrfinder/LrFinder.tsx). */
  lrFinder?: ReactNode;
  /** A 2-D set's options changed: the design's input follows the feature count. */
  onDatasetOptions?: (options: DatasetOptions) => void;
  /** The run to start from and the layers to freeze (finetune/FineTune.tsx). */
  fineTune?: ReactNode;
}

export function SettingsPanel({ catalog, editor, disabledReason, busy, runErrors, hints, onFix, onTrain, onDatasetAdded, onDatasetDeleted, lrFinder, onDatasetOptions, fineTune }: Props) {
  const { settings, update, setDataset, setOptimizer, setLoss, setOption } = editor;
  const listed = catalog.datasets.find((d) => d.name === settings.dataset);
  const dataset = withOptions(listed, settings.dataset_options); // sizes as the options make them
  const steps = stepsHint(withoutTestSet(dataset, settings.test_fraction ?? 0), settings.epochs, settings.batch_size);
  const optimizer = catalog.optimizers.find((o) => o.name === settings.optimizer);
  const loss = catalog.losses.find((l) => l.name === settings.loss);
  const problems = useFieldProblems();
  const labels = datasetLabels(catalog.datasets);
  return (
    <section className="panel settings" aria-label="Training settings" id="training-settings">
      <h2 tabIndex={-1}>Training</h2>
      <label className="field" title={dataset?.help}>
        <span>Dataset</span>
        <select aria-label="Dataset" data-testid="dataset-select" value={settings.dataset} onChange={(e) => setDataset(e.target.value)}>
          {catalog.datasets.map((d) => (
            <option key={d.name} value={d.name}>
              {labels.get(d.name)}
            </option>
          ))}
        </select>
      </label>
      {dataset && (
        <p className="hint" data-testid="dataset-sizes">
          {dataset.task}, {(withoutTestSet(dataset, settings.test_fraction ?? 0)?.train_size ?? 0).toLocaleString("en-US")} train / {dataset.val_size.toLocaleString("en-US")} validation
          {heldOut(dataset.train_size, settings.test_fraction ?? 0) > 0 ? ` / ${heldOut(dataset.train_size, settings.test_fraction ?? 0).toLocaleString("en-US")} test` : ""} samples
          {dataset.classes ? `, ${dataset.classes.length} classes` : ""}
        </p>
      )}
      {/* One key for the pair, each upload's own: two siblings keyed alike left React unsure which
          to remove, and the file's link outlived its upload's choice under a built-in dataset. */}
      {dataset?.source === "upload" && (
        <Fragment key={dataset.name}>
          <DatasetFileLink datasetId={dataset.name} label="Download this dataset's file" />
          {onDatasetDeleted && (
            <DatasetDelete
              dataset={dataset}
              onDeleted={(name) => {
                setDataset("digits");
                onDatasetDeleted(name);
              }}
            />
          )}
        </Fragment>
      )}
      {listed?.plane && (
        <PlaneOptions
          plane={listed.plane}
          choices={catalog.dataset_options}
          options={settings.dataset_options}
          onChange={(options) => (onDatasetOptions ? onDatasetOptions(options) : update({ dataset_options: options }))}
        />
      )}
      <DatasetPreview dataset={listed} options={settings.dataset_options} testFraction={settings.test_fraction ?? 0} maxTestFraction={catalog.setting_bounds.test_fraction?.max ?? 0.5} />
      <TestSetting bounds={catalog.setting_bounds} settings={settings} dataset={dataset} update={update} problems={problems} />
      {onDatasetAdded && <DatasetUpload datasets={catalog.datasets} bounds={catalog.upload_bounds} onAdded={onDatasetAdded} onSelect={setDataset} />}
      {onDatasetAdded && <MakeImageDataset catalog={catalog} onAdded={onDatasetAdded} onSelect={setDataset} />}
      <div className="field-row loss-row">
        <label className="field" title={loss?.help}>
          <span>Loss</span>
          <select aria-label="Loss" data-testid="loss-select" value={settings.loss} onChange={(e) => setLoss(e.target.value)}>
            {catalog.losses.map((l) => (
              <option key={l.name} value={l.name} disabled={dataset ? !l.tasks.includes(dataset.task) : false}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field" title={optimizer?.help}>
          <span>Optimizer</span>
          <select aria-label="Optimizer" data-testid="optimizer-select" value={settings.optimizer} onChange={(e) => setOptimizer(e.target.value)}>
            {catalog.optimizers.map((o) => (
              <option key={o.name} value={o.name}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {editor.lossNote && (
        <p className="hint loss-note" role="status" data-testid="loss-note">
          {editor.lossNote}
        </p>
      )}
      <NumberSettings bounds={catalog.setting_bounds} settings={settings} update={update} problems={problems} swept={editor.sweep.on ? editor.sweep.key : null} />
      {editor.stepsNote && (
        <p className="hint" role="status" data-testid="steps-note">
          {editor.stepsNote}
        </p>
      )}
      {steps && (
        <p className="hint" role="status" data-testid="steps-hint">
          {steps}
        </p>
      )}
      {lrFinder}
      <Options
        name={settings.loss}
        owner="loss"
        specs={loss?.params ?? []}
        values={settings.loss_params ?? {}}
        onChange={(name, value) => setOption("loss_params", name, value)}
        problems={problems}
      />
      {loss?.class_weights && dataset?.classes && dataset.classes.length >= 2 && catalog.setting_bounds.class_weight && (
        <ClassWeights
          classes={dataset.classes}
          loss={settings.loss}
          weight={settings.loss_params?.weight}
          bounds={catalog.setting_bounds.class_weight}
          onChange={(weight) => setOption("loss_params", "weight", weight)}
          problems={problems}
        />
      )}
      <Options
        name={settings.optimizer}
        owner="optimizer"
        specs={optimizer?.params ?? []}
        values={settings.optimizer_params ?? {}}
        onChange={(name, value) => setOption("optimizer_params", name, value)}
        problems={problems}
      />
      <ScheduleSettings catalog={catalog} editor={editor} problems={problems} />
      {dataset && takesAugmentation(dataset) && <AugmentationSettings specs={catalog.augmentations} dataset={dataset} editor={editor} problems={problems} />}
      {fineTune}
      <SweepSettings catalog={catalog} editor={editor} problems={problems} />
      <TrainButton disabledReason={disabledReason ?? problems.reason} busy={busy} runs={sweepPlan(catalog, settings.optimizer, editor.sweep)?.values.length ?? 1} runErrors={runErrors} hints={hints} onTrain={onTrain} onFix={onFix} />
    </section>
  );
}
