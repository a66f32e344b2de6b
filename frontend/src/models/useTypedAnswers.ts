// Try it's typed values answered as they are typed (TypedAnswers), and what the answer shown says
// of them: whose values it is, and why, when it is not these.
import { useEffect, useRef, useState } from "react";
import type { Prediction } from "../api/types";
import { predict, type ModelSource } from "./modelSource";
import { sameValues, TypedAnswers } from "./typedAnswers";

interface Shown {
  onAnswer: (values: number[], answer: Prediction) => void;
  onRefused: (error: unknown) => void;
}

export interface TypedTry {
  /** The fields changed: null while one is not a number. */
  typed: (values: number[] | null) => void;
  /** Predict pressed (or Enter): asked at once. */
  askNow: (values: number[]) => void;
  /** Why the answer shown is not the fields' values (said above it, greyed), or null when it is. */
  staleNote: string | null;
  /** The server was busy: it is asked again in this many ms (null when it was not). */
  busyMs: number | null;
}

export const busyNote = (ms: number) => `The server is busy: asking again in ${Math.round(ms / 1000)} s, or when a value changes.`;

export function useTypedAnswers(source: ModelSource, start: number[], shown: Shown): TypedTry {
  const [fields, setFields] = useState<number[] | null>(start);
  const [answeredFor, setAnsweredFor] = useState<number[] | null>(null);
  const [busyMs, setBusyMs] = useState<number | null>(null);
  const handlers = useRef(shown);
  handlers.current = shown;
  const answers = useRef<TypedAnswers | null>(null);
  const startRef = useRef(start);

  // The model's id or token: the source object itself may be a new one at each render.
  const model = "runId" in source ? source.runId : source.token;
  useEffect(() => {
    const typed = new TypedAnswers(
      (values) => predict(source, values),
      {
        onAnswer: (values, answer) => {
          setBusyMs(null);
          setAnsweredFor(values);
          handlers.current.onAnswer(values, answer);
        },
        onBusy: setBusyMs,
        onRefused: (_, error) => {
          setBusyMs(null);
          setAnsweredFor(null);
          handlers.current.onRefused(error);
        },
      },
      startRef.current,
    );
    answers.current = typed;
    return () => typed.close();
  }, [model]); // not `source`: a new object for the same model is the same model

  const staleNote = sameValues(answeredFor, fields)
    ? null
    : fields === null
      ? "For the previous values." // the fields say which number is missing
      : busyMs !== null
        ? `For the previous values. ${busyNote(busyMs)}`
        : "For the previous values: the answer for these is on its way.";
  return {
    typed: (values) => {
      setFields(values);
      setBusyMs(null); // the change is asked about anew
      answers.current?.typed(values);
    },
    askNow: (values) => {
      setFields(values);
      answers.current?.askNow(values);
    },
    staleNote,
    busyMs,
  };
}
