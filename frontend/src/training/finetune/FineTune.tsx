// Transfer learning in the training settings: the run to start from, and the layers to freeze.
import type { Design, ValidateResponse } from "../../api/types";
import type { SettingsEditor } from "../useTrainingSettings";
import { FreezeLayers } from "./FreezeLayers";
import { StartFrom } from "./StartFrom";

interface Props {
  design: Design;
  result: ValidateResponse | null;
  editor: SettingsEditor;
}

export function FineTune({ design, result, editor }: Props) {
  const { settings, update } = editor;
  return (
    <div className="fine-tune" data-testid="fine-tune">
      <StartFrom runId={settings.init_from} design={design} valid={result?.valid ?? false} onChange={(runId) => update({ init_from: runId })} />
      <FreezeLayers design={design} result={result} frozen={settings.frozen ?? []} onChange={(frozen) => update({ frozen })} />
    </div>
  );
}
