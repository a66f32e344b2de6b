// Transfer learning in the training settings: the run to start from, and the layers to freeze.
import { useState } from "react";
import type { Design, ValidateResponse } from "../../api/types";
import type { SettingsEditor } from "../useTrainingSettings";
import { FreezeLayers } from "./FreezeLayers";
import { frozenFreshWarning } from "./frozenFresh";
import { StartFrom } from "./StartFrom";
import { useStartMatch } from "./useStartMatch";

interface Props {
  design: Design;
  result: ValidateResponse | null;
  editor: SettingsEditor;
}

export function FineTune({ design, result, editor }: Props) {
  const { settings, update } = editor;
  const frozen = settings.frozen ?? [];
  const match = useStartMatch(settings.init_from, design, result?.valid ?? false);
  const chosen = [settings.init_from ? "from a run" : "", frozen.length ? `${frozen.length} frozen` : ""].filter(Boolean);
  // Open while something is chosen, and while its person keeps it open: unticking the last box
  // (or choosing Fresh weights) folded it away under their pointer.
  const [opened, setOpened] = useState(false);
  return (
    <details className="options" open={opened || chosen.length > 0} onToggle={(e) => setOpened(e.currentTarget.open)} data-testid="fine-tune">
      <summary data-testid="fine-tune-summary">Fine-tune{chosen.length ? ` (${chosen.join(", ")})` : ": start from a run, freeze layers"}</summary>
      <div className="fine-tune">
        <StartFrom runId={settings.init_from} match={match} onChange={(runId) => update({ init_from: runId })} />
        <FreezeLayers
          design={design}
          result={result}
          frozen={frozen}
          warning={frozenFreshWarning(frozen, settings.init_from, match)}
          onChange={(next) => update({ frozen: next })}
        />
      </div>
    </details>
  );
}
