// Asks the server for shapes, parameter counts and errors, shortly after the design stops changing.
import { useEffect, useState } from "react";
import { ApiError, client, unwrap } from "../api/client";
import type { Design, OutputTarget, ValidateResponse } from "../api/types";

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

/** Checks the design; the batch size and the optimizer are for the size estimate, and the target
 * (the loss and the dataset's targets) checks the output as a run would. Keep `target` steady (memo). */
export function useValidation(design: Design, batchSize = 1, optimizer: string | null = null, target: OutputTarget | null = null): Validation {
  // A batch size still being typed is not the design's fault: estimate for one sample meanwhile.
  const batch = Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 65536 ? batchSize : 1;
  const [checked, setChecked] = useState<{ design: Design; result: ValidateResponse } | null>(null);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      unwrap(client.POST("/api/designs/validate", { body: { design, batch_size: batch, optimizer, target } }))
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
  }, [design, batch, optimizer, target]);

  // Keep showing the last answer while the next one is on its way, so shapes don't flicker.
  return { result: checked?.result ?? null, pending: checked?.design !== design };
}
