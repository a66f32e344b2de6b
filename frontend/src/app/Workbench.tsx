// The editor and the training settings, wired together; Train opens the new run's own page.
import { useEffect, useMemo, useState } from "react";
import type { Catalog, DatasetSpec } from "../api/types";
import type { SweepStarted } from "../training/sweep/startSweep";
import { DesignFileButtons } from "../editor/DesignFileButtons";
import { Inspector } from "../editor/Inspector";
import { LayerStack } from "../editor/LayerStack";
import { CodeText } from "../editor/CodeText";
import { useDesignLink } from "../editor/useDesignLink";
import { LayerAdded } from "../editor/LayerAdded";
import { Palette } from "../editor/Palette";
import { useDesign } from "../editor/useDesign";
import { usePaletteAdd } from "../editor/usePaletteAdd";
import { useValidation } from "../editor/useValidation";
import { CodePanel } from "../models/CodePanel";
import { SettingsPanel } from "../training/SettingsPanel";
import { useTrainingSettings } from "../training/useTrainingSettings";
import { withoutTestSet } from "../training/testSet";
import { withOptions, type DatasetOptions } from "../training/planeOptions";
import { LoginForm } from "./session/LoginForm";
import { LogoutLine } from "./session/LogoutLine";
import { useSession } from "./session/useSession";
import { loadWork, saveWork } from "./savedWork";
import { SkipToPalette } from "./SkipToPalette";
import { SkipToTraining } from "./SkipToTraining";
import { TopBar } from "./TopBar";
import { useOpenDesign } from "./useOpenDesign";
import { LrFinder } from "../training/lrfinder/LrFinder";
import { FineTune } from "../training/finetune/FineTune";
import { frozenBlocker } from "../training/finetune/FreezeLayers";
import { useEditorView } from "./useEditorView";
import { BasedOnLine } from "./BasedOnLine";
import { ChallengeLine } from "../training/challenges/ChallengeLine";
import { useActiveChallenge } from "../training/challenges/useActiveChallenge";
import { DesignNotice } from "./DesignNotice";
import { outputTarget, trainBlocker } from "./trainReadiness";
import { useTrain } from "./useTrain";

interface WorkbenchProps {
  catalog: Catalog;
  onDatasetAdded?: (dataset: DatasetSpec) => void;
  onDatasetDeleted?: (name: string) => void;
  /** A run was created: its page takes over. */
  onRunStarted: (runId: string) => void;
  /** A sweep's runs were created: their comparison takes over. */
  onSweepStarted: (sweep: SweepStarted) => void;
}

export function Workbench({ catalog, onDatasetAdded, onDatasetDeleted, onRunStarted, onSweepStarted }: WorkbenchProps) {
  const [saved] = useState(() => loadWork(catalog));
  const settingsEditor = useTrainingSettings(catalog, saved);
  const { settings } = settingsEditor;
  const datasetOf = (name: string) => catalog.datasets.find((d) => d.name === name);
  const dataset = withOptions(datasetOf(settings.dataset), settings.dataset_options); // a 2-D set's features
  const editor = useDesign(dataset?.sample_shape ?? [1], saved?.design);
  const target = useMemo(() => outputTarget(dataset, settings.loss), [dataset, settings.loss]);
  const batchBounds = catalog.setting_bounds.batch_size;
  const samples = withoutTestSet(dataset, settings.test_fraction ?? 0)?.train_size; // a batch holds no more
  const estimateFor = { batchSize: settings.batch_size, batchBounds, samples, optimizer: settings.optimizer || null, frozen: settings.frozen ?? [] };
  const { scheduler, scheduler_params, optimizer_params } = settings;
  const schedule = useMemo(
    () => ({ scheduler: scheduler ?? null, scheduler_params: scheduler_params ?? {}, optimizer_params: optimizer_params ?? {} }),
    [scheduler, scheduler_params, optimizer_params],
  );
  const validation = useValidation(editor.design, estimateFor, target, schedule);
  const specs = useMemo(() => new Map(catalog.layers.map((l) => [l.type, l])), [catalog]);
  const [view, setView] = useEditorView();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const paletteAdd = usePaletteAdd(editor, view, selected, setSelected);
  // The layers' own fixes take the focus to what they inserted or set (useFocusAdded.ts); Train's
  // hints keep it on Train (TrainButton.tsx).
  const fixActions = useMemo(() => ({ ...editor.actions, applyFix: paletteAdd.fix }), [editor.actions, paletteAdd.fix]);
  const layerEditor = { ...editor, applyFix: paletteAdd.fix, actions: fixActions };
  const { sweep } = settingsEditor;
  const session = useSession();
  const attempt = useActiveChallenge();

  const setDataset = (name: string) => {
    settingsEditor.setDataset(name);
    const next = datasetOf(name);
    if (next) editor.setInputShape(next.sample_shape);
  };
  /** A 2-D set's options: the design's input takes as many numbers as there are features. */
  const setDatasetOptions = (options: DatasetOptions) => {
    settingsEditor.update({ dataset_options: options });
    const shape = withOptions(datasetOf(settings.dataset), options)?.sample_shape;
    if (shape && shape.join() !== editor.design.input_shape.join()) editor.setInputShape(shape); // a slider: no new design
  };

  // The run this design was made from (opened from its page, or trained from here last): the next
  // run is sent with it (Run.based_on) and its page compares with it. Kept with the design.
  const [basedOn, setBasedOn] = useState<string | null>(saved?.basedOn ?? null);
  useEffect(() => saveWork({ design: editor.design, settings, sweep, basedOn }), [editor.design, settings, sweep, basedOn]);
  const opening = useOpenDesign(catalog, editor, settingsEditor, dataset, saved?.notice ?? null, setBasedOn);
  const linkError = useDesignLink(opening.openLink);

  // Frozen layers with nothing to keep (every one, or fresh weights): Train waits, saying why.
  const frozenWaits = frozenBlocker(editor.design, validation.result, settings.frozen ?? [], settings.init_from);
  const blocker = session.needsLogin ? "Log in above first: this server needs a login token to train." : (trainBlocker(editor.design, validation) ?? frozenWaits);

  const { starting, runErrors, train } = useTrain({ catalog, design: editor.design, settings, sweep, basedOn, setBasedOn, onUnauthorized: session.refresh, onRunStarted, onSweepStarted });

  // While the server cannot check a change, the count is only of the layers that still hold: no
  // challenge's limit is judged on it (stillChecked.ts).
  const counted = validation.pending && (validation.busy || validation.unreachable) ? null : (validation.result?.total_params ?? null);
  return (
    <div className="app">
      <SkipToTraining />
      <SkipToPalette />
      <TopBar>
        <DesignFileButtons design={editor.design} errors={validation.pending || !validation.result ? null : validation.result.errors} step={editor.step} onNameChange={editor.setName} onLoad={opening.loadDesign} onNew={opening.startOver} />
        <CodePanel design={editor.design} training={settings} />
      </TopBar>
      {opening.notice && <DesignNotice notice={opening.notice} onDismiss={opening.dismissNotice} />}
      {attempt.challenge && <ChallengeLine challenge={attempt.challenge} design={editor.design} dataset={settings.dataset} totalParams={counted} plane={{ set: settings.dataset_options ?? null, own: datasetOf(settings.dataset)?.plane ?? null }} onLeave={attempt.leave} />}
      {linkError && (
        <p className="design-error link-error" role="alert" data-testid="link-error">
          <CodeText text={linkError} />
        </p>
      )}
      <main className={view === "canvas" ? "workbench is-canvas" : "workbench"}>
        <Palette layers={catalog.layers} onAdd={paletteAdd.add} />
        <LayerAdded said={paletteAdd.said} addedKey={editor.items.some((it) => it.key === paletteAdd.addedKey) ? paletteAdd.addedKey : null} />
        <LayerStack
          editor={layerEditor}
          validation={validation}
          specs={specs}
          datasets={catalog.datasets}
          dataset={dataset}
          onOpen={(design, name, notice, said) => (opening.openTemplate(design, name, notice), paletteAdd.say(said))}
          optimizer={settings.optimizer || null}
          training={settings}
          view={view}
          onView={setView}
          selected={selected}
          onSelect={setSelected}
          expanded={paletteAdd.expanded}
          onSaid={paletteAdd.say}
        />
        <aside className="side">
          {session.needsLogin && <LoginForm onLoggedIn={session.refresh} />}
          {session.loggedIn && <LogoutLine onLoggedOut={session.refresh} />}
          {view === "canvas" && <Inspector editor={layerEditor} result={validation.result} specs={specs} selected={selected} />}
          <SettingsPanel
            catalog={catalog}
            editor={{ ...settingsEditor, setDataset }}
            disabledReason={blocker}
            busy={starting}
            runErrors={runErrors}
            hints={validation.result?.warnings ?? []}
            onFix={editor.applyFix}
            onTrain={train}
            trainNote={basedOn && <BasedOnLine runId={basedOn} onClear={() => setBasedOn(null)} />}
            onDatasetAdded={onDatasetAdded}
            onDatasetDeleted={onDatasetDeleted}
            onDatasetOptions={setDatasetOptions}
            fineTune={<FineTune design={editor.design} result={validation.result} editor={settingsEditor} />}
            lrFinder={<LrFinder design={editor.design} settings={settings} disabledReason={blocker} onUseLr={(lr) => settingsEditor.update({ lr })} />}
          />
        </aside>
      </main>
    </div>
  );
}

