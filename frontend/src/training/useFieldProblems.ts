// What is wrong with the typed training settings, field by field: Train waits while anything is.
import { useCallback, useRef, useState } from "react";

/** Reports one field's problem (null once it fits); a field that goes away reports null. */
export type ReportProblem = (problem: string | null) => void;

export interface FieldProblems {
  /** The first field's problem, as "Epochs: 0 is too small; …", or null when every field fits. */
  reason: string | null;
  /** One steady reporter for each field label, so a field reports only when its problem changes. */
  reporter: (label: string) => ReportProblem;
}

export function useFieldProblems(): FieldProblems {
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const reporters = useRef(new Map<string, ReportProblem>());
  const reporter = useCallback((label: string) => {
    let report = reporters.current.get(label);
    if (!report) {
      report = (problem) =>
        setProblems((old) => {
          if ((old.get(label) ?? null) === problem) return old;
          const next = new Map(old);
          if (problem === null) next.delete(label);
          else next.set(label, problem);
          return next;
        });
      reporters.current.set(label, report);
    }
    return report;
  }, []);
  const first = problems.entries().next();
  return { reason: first.done ? null : `${first.value[0]}: ${first.value[1]}`, reporter };
}
