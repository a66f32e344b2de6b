// What Try it says in words: its hint, a refusal's message, the answer for a screen reader; and
// which samples it draws on.
import { ApiError } from "../api/client";
import type { Prediction } from "../api/types";
import { answered } from "./PredictionView";
import { predictedWhat, valueText } from "./valueText";

/** A grey picture's sample is (1, H, W): one channel to draw on. A 2-D sample is no picture but a
 * sequence (sequenceSize): a waveform's (1, 32) was drawn on a 1 × 32 grid of 0, 0.5 and 1. */
export function imageSize(shape: number[]): [number, number] | null {
  return shape.length === 3 && shape[0] === 1 ? [shape[1]!, shape[2]!] : null;
}

/** (C, L) of a sequence sample: every 2-D sample is one, channels by steps, as LSTM, GRU and Conv1d take it. */
export function sequenceSize(shape: number[]): [number, number] | null {
  return shape.length === 2 ? [shape[0]!, shape[1]!] : null;
}

/** A refused question's message without the request's field it begins with ("input: the model
 * takes 13 numbers…"): here the values are the only field, and the words start the sentence. */
export function refusal(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const field = e instanceof ApiError ? e.errors[0]?.field : null;
  if (!field || !e.message.startsWith(`${field}: `)) return e.message;
  const words = e.message.slice(field.length + 2);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function hint(draw: boolean, pictures: boolean): string {
  const keys = " By keyboard: Tab to the grid, arrows move the pen, Space inks.";
  if (draw) return (pictures ? "Draw, then let go; or choose a picture, or use the webcam." : "Draw, then let go.") + keys;
  return pictures ? "Choose a picture, or use the webcam." : "Type values: the answer follows as you type, or press Predict.";
}

/** The answer in one sentence, for a screen reader; `target` names a regression's value. */
export function spokenPrediction(prediction: Prediction, target: string | null = null): string {
  const { classes, probabilities, values } = prediction;
  if (!classes || !probabilities) return `Predicted ${predictedWhat((values ?? []).length, target)} ${(values ?? []).map(valueText).join(", ")}.`;
  const best = answered(prediction);
  return `Predicted class ${classes[best]}, ${(probabilities[best]! * 100).toFixed(1)}%.`;
}
