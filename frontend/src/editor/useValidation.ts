// Asks the server for shapes, parameter counts and errors as the design changes: at once when no
// check is on its way, else the newest design once the one on its way is answered (NewestCheck).
// A busy server's reply is no verdict, and nor is none at all (offline, a server restarting): the
// last answer stays, and the check is asked again.
import { useEffect, useMemo, useRef, useState } from "react";
import { client, unwrap } from "../api/client";
import type { Design, NumberBounds, OutputTarget, ScheduleChoice, ValidateRequest, ValidateResponse } from "../api/types";
import { NewestCheck } from "./newestCheck";
import { numberProblem } from "./numberBounds";
import { steadyResult } from "./steadyResult";
import { stillChecked } from "./stillChecked";
import { replyToError, type ValidationReply } from "./validationReply";

export interface Validation {
  /** The answer for the latest design, or null while none has come back yet. */
  result: ValidateResponse | null;
  /** True while the design on screen has not been checked yet. */
  pending: boolean;
  /** The server was too busy to check the newest design (503 or 429): it is asked again after its
   * Retry-After, and `result` stays the last real answer meanwhile (null if none came yet). */
  busy: boolean;
  /** The server could not be reached to check the newest design: it is asked again when the browser
   * is back online, every UNREACHABLE_RETRY_MS meanwhile (a server restarting), and on the next
   * edit; `result` stays the last real answer. */
  unreachable: boolean;
}

const UNREACHABLE_RETRY_MS = 5000;

/** How the design will train, for the size estimate: the batch size, the bounds the server puts on
 * it (the catalogue's setting_bounds), and the optimizer. */
export interface EstimateFor {
  batchSize: number;
  batchBounds: NumberBounds | undefined;
  /** The samples a run trains on, where the dataset is known: a batch never holds more, so the
   * memory is estimated for that batch, as a run's check does (backend training/batch_fit.py). */
  samples?: number;
  optimizer: string | null;
  /** The layers that will not train: no gradients or optimizer state for them. */
  frozen?: string[];
}

/** The server's answer, a failure said as one, or a busy server: a check never throws. */
function ask(body: ValidateRequest): Promise<ValidationReply> {
  return unwrap(client.POST("/api/designs/validate", { body })).then(
    (result): ValidationReply => ({ kind: "result", result }),
    replyToError,
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
  const { batchSize = 1, batchBounds, samples, optimizer = null, frozen = [] } = estimateFor ?? {};
  const frozenIds = frozen.join(" "); // a steady dependency: ids hold no spaces
  // A batch size the server would refuse (a saved one, a link's) is not the design's fault: estimate
  // for one sample meanwhile, and let the batch size field say what is wrong.
  const fits = batchBounds === undefined || numberProblem(String(batchSize), batchBounds) === null;
  const batch = fits && Number.isInteger(batchSize) && batchSize >= 1 ? Math.min(batchSize, samples || batchSize) : 1;
  const [checked, setChecked] = useState<{ design: Design; result: ValidateResponse } | null>(null);
  const [busy, setBusy] = useState(false);
  const [unreachable, setUnreachable] = useState(false);

  const checks = useRef<NewestCheck<ValidateRequest, ValidationReply> | null>(null);
  const retry = useRef<number | undefined>(undefined); // the busy or unreached check's next try
  const latest = useRef<ValidateRequest | null>(null); // the newest question asked
  useEffect(() => {
    let unanswered = false; // the server was not reached for the newest question
    // NewestCheck shows only the newest question's reply, so a busy one is always worth asking again.
    const show = (question: ValidateRequest, reply: ValidationReply) => {
      unanswered = reply.kind === "unreachable";
      setUnreachable(reply.kind === "unreachable");
      setBusy(reply.kind === "busy");
      if (reply.kind !== "result") {
        const waitMs = reply.kind === "busy" ? reply.waitMs : UNREACHABLE_RETRY_MS;
        retry.current = window.setTimeout(() => check.ask(question), waitMs);
        return;
      }
      setChecked((before) => ({ design: question.design, result: steadyResult(before?.result ?? null, reply.result) }));
    };
    const check = new NewestCheck(ask, show);
    checks.current = check;
    const backOnline = () => {
      if (!unanswered || !latest.current) return;
      window.clearTimeout(retry.current);
      check.ask(latest.current);
    };
    window.addEventListener("online", backOnline);
    return () => {
      check.close();
      window.clearTimeout(retry.current);
      window.removeEventListener("online", backOnline);
    };
  }, []);
  useEffect(() => {
    window.clearTimeout(retry.current); // the change is asked about now: no older question again
    latest.current = { design, batch_size: batch, optimizer, target, schedule, frozen: frozenIds ? frozenIds.split(" ") : [] };
    checks.current?.ask(latest.current);
  }, [design, batch, optimizer, target, schedule, frozenIds]);

  // Keep showing the last answer while the next one is on its way, so shapes don't flicker; while
  // the server cannot answer, only what of it holds for the design shown (stillChecked.ts).
  const waiting = busy || unreachable;
  const result = useMemo(
    () => (checked && waiting ? stillChecked(checked.design, design, checked.result) : (checked?.result ?? null)),
    [checked, design, waiting],
  );
  return { result, pending: checked?.design !== design, busy, unreachable };
}
