// Asks the server for shapes, parameter counts and errors as the design changes: at once when no
// check is on its way, else the newest design once the one on its way is answered (NewestCheck).
import { useEffect, useRef, useState } from "react";
import { ApiError, client, unwrap } from "../api/client";
import type { Design, NumberBounds, OutputTarget, ScheduleChoice, ValidateRequest, ValidateResponse } from "../api/types";
import { NewestCheck } from "./newestCheck";
import { numberProblem } from "./numberBounds";
import { steadyResult } from "./steadyResult";

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

/** The server's answer, or a failure said as one: a check never throws. */
function ask(body: ValidateRequest): Promise<ValidateResponse> {
  return unwrap(client.POST("/api/designs/validate", { body })).catch((error: unknown) =>
    error instanceof ApiError
      ? failure(error.message, error.errors)
      : failure(`Could not reach the server to check the design: ${String(error)}`),
  );
}

/** Checks the design; `estimateFor` is for the size estimate, the target (the loss and the
 * dataset's targets) checks the output as a run would, and `schedule` hears what the schedule
 * overrides (warnings). Keep `target` and `schedule` steady (memo). */
export function useValidation(
  design: Design,
  estimateFor: EstimateFor | null = null,
  target: OutputTarget | null = null,
  schedule: ScheduleChoice | null = null,
): Validation {
  const { batchSize = 1, batchBounds, optimizer = null, frozen = [] } = estimateFor ?? {};
  const frozenIds = frozen.join(" "); // a steady dependency: ids hold no spaces
  // A batch size the server would refuse (a saved one, a link's) is not the design's fault: estimate
  // for one sample meanwhile, and let the batch size field say what is wrong.
  const fits = batchBounds === undefined || numberProblem(String(batchSize), batchBounds) === null;
  const batch = fits && Number.isInteger(batchSize) && batchSize >= 1 ? batchSize : 1;
  const [checked, setChecked] = useState<{ design: Design; result: ValidateResponse } | null>(null);

  const checks = useRef<NewestCheck<ValidateRequest, ValidateResponse> | null>(null);
  useEffect(() => {
    const show = (question: ValidateRequest, result: ValidateResponse) =>
      setChecked((before) => ({ design: question.design, result: steadyResult(before?.result ?? null, result) }));
    const check = new NewestCheck(ask, show);
    checks.current = check;
    return () => check.close();
  }, []);
  useEffect(() => {
    checks.current?.ask({ design, batch_size: batch, optimizer, target, schedule, frozen: frozenIds ? frozenIds.split(" ") : [] });
  }, [design, batch, optimizer, target, schedule, frozenIds]);

  // Keep showing the last answer while the next one is on its way, so shapes don't flicker.
  return { result: checked?.result ?? null, pending: checked?.design !== design };
}
