// Asks the server for shapes, parameter counts and errors, shortly after the design stops changing.
import { useEffect, useState } from "react";
import { ApiError, client, unwrap } from "../api/client";
import type { Design, NumberBounds, OutputTarget, ValidateResponse } from "../api/types";
import { numberProblem } from "./numberBounds";

const DEBOUNCE_MS = 150;

export interface Validation {
  /** The answer for the latest design, or null while none has come back yet. */
  result: ValidateResponse | null;
  /** True while the design on screen has not been checked yet. */
  pending: boolean;
}

function failure(message: string, errors: ValidateResponse["errors"] = []): ValidateResponse {
  return {
    valid: false,
    nodes: {},
    total_params: 0,
    output_shape: null,
    errors: errors.length ? errors : [{ node: null, field: null, message }],
    warnings: [],
  };
}

/** How the design will train, for the size estimate: the batch size, the bounds the server puts on
 * it (the catalogue's setting_bounds), and the optimizer. */
export interface EstimateFor {
  batchSize: number;
  batchBounds: NumberBounds | undefined;
  optimizer: string | null;
  /** The layers that will not train: no gradients or optimizer state for them. */
  frozen?: string[];
}

/** Checks the design; `estimateFor` is for the size estimate, and the target (the loss and the
 * dataset's targets) checks the output as a run would. Keep `target` steady (memo). */
export function useValidation(design: Design, estimateFor: EstimateFor | null = null, target: OutputTarget | null = null): Validation {
  const { batchSize = 1, batchBounds, optimizer = null, frozen = [] } = estimateFor ?? {};
  const frozenIds = frozen.join(" "); // a steady dependency: ids hold no spaces
  // A batch size the server would refuse (a saved one, a link's) is not the design's fault: estimate
  // for one sample meanwhile, and let the batch size field say what is wrong.
  const fits = batchBounds === undefined || numberProblem(String(batchSize), batchBounds) === null;
  const batch = fits && Number.isInteger(batchSize) && batchSize >= 1 ? batchSize : 1;
  const [checked, setChecked] = useState<{ design: Design; result: ValidateResponse } | null>(null);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      unwrap(client.POST("/api/designs/validate", { body: { design, batch_size: batch, optimizer, target, frozen: frozenIds ? frozenIds.split(" ") : [] } }))
        .then((result) => current && setChecked({ design, result }))
        .catch((error: unknown) => {
          if (!current) return;
          const result =
            error instanceof ApiError
              ? failure(error.message, error.errors)
              : failure(`Could not reach the server to check the design: ${String(error)}`);
          setChecked({ design, result });
        });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [design, batch, optimizer, target, frozenIds]);

  // Keep showing the last answer while the next one is on its way, so shapes don't flicker.
  return { result: checked?.result ?? null, pending: checked?.design !== design };
}
