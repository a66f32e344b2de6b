// Training settings, and the Train button with the reason it is disabled: the dataset, loss,
// optimizer and numbers, then Train, then the folded options.
import type { ReactNode } from "react";
import type { Catalog, DatasetSpec, DesignError, DesignFix } from "../api/types";
import type { SettingsEditor } from "./useTrainingSettings";
import { NumberSettings } from "./NumberSettings";
import { TrainButton } from "./TrainButton";
import { ScheduleSettings } from "./ScheduleSettings";
import { AugmentationSettings } from "./AugmentationSettings";
import { takesAugmentation } from "./augmentations";
import { stepsHint } from "./stepsHint";
import { DatasetSettings } from "./DatasetSettings";
import { LossOptimizerChoice } from "./LossOptimizerChoice";
import { withOptions, type DatasetOptions } from "./planeOptions";
import { SweepSettings } from "./sweep/SweepSettings";
import { sweepPlan } from "./sweep/sweepValues";
import { useFieldProblems } from "./useFieldProblems";
import { Options } from "./Options";
import { ClassWeights } from "./ClassWeights";
import { withoutTestSet } from "./testSet";

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
  /** Said over Train (the run the new one is compared with). */
  trainNote?: ReactNode;
  onDatasetAdded?: (dataset: DatasetSpec) => void;
  onDatasetDeleted?: (name: string) => void;
  /** Shown under the learning rate: the range test that finds one (lrfinder/LrFinder.tsx). */
  lrFinder?: ReactNode;
  /** A 2-D set's options changed: the design's input follows the feature count. */
  onDatasetOptions?: (options: DatasetOptions) => void;
  /** The run to start from and the layers to freeze (finetune/FineTune.tsx). */
  fineTune?: ReactNode;
}

export function SettingsPanel({ catalog, editor, disabledReason, busy, runErrors, hints, onFix, onTrain, onDatasetAdded, onDatasetDeleted, lrFinder, onDatasetOptions, fineTune, trainNote = null }: Props) {
  const { settings, update, setOption } = editor;
  const listed = catalog.datasets.find((d) => d.name === settings.dataset);
  const dataset = withOptions(listed, settings.dataset_options); // sizes as the options make them
  const steps = stepsHint(withoutTestSet(dataset, settings.test_fraction ?? 0), settings.epochs, settings.batch_size);
  const optimizer = catalog.optimizers.find((o) => o.name === settings.optimizer);
  const loss = catalog.losses.find((l) => l.name === settings.loss);
  const problems = useFieldProblems();
  return (
    <section className="panel settings" aria-label="Training settings" id="training-settings">
      <h2 tabIndex={-1}>Training</h2>
      <DatasetSettings
        catalog={catalog}
        editor={editor}
        listed={listed}
        dataset={dataset}
        problems={problems}
        onDatasetAdded={onDatasetAdded}
        onDatasetDeleted={onDatasetDeleted}
        onDatasetOptions={onDatasetOptions}
      />
      <LossOptimizerChoice catalog={catalog} editor={editor} dataset={dataset} />
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
      {/* Train before the folded options, not under all eight of them: at 1440 × 900 it was below
          the window (y 990). Each option still applies to the next Train, and a sweep's count shows
          on its label. */}
      {trainNote}
      <TrainButton disabledReason={disabledReason ?? problems.reason} busy={busy} runs={sweepPlan(catalog, settings.optimizer, editor.sweep)?.values.length ?? 1} runErrors={runErrors} hints={hints} onTrain={onTrain} onFix={onFix} />
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
    </section>
  );
}
