// What Try it says in words: its hint, a refusal's message, the answer for a screen reader; and
// which samples it draws on.
import { ApiError } from "../api/client";
import type { Prediction } from "../api/types";
import { answered } from "./PredictionView";

/** An image sample is (H, W) or (1, H, W): one grey channel to draw on. */
export function imageSize(shape: number[]): [number, number] | null {
  const hw = shape.length === 3 && shape[0] === 1 ? shape.slice(1) : shape.length === 2 ? shape : null;
  return hw ? [hw[0]!, hw[1]!] : null;
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

/** The answer in one sentence, for a screen reader. */
export function spokenPrediction(prediction: Prediction): string {
  const { classes, probabilities, values } = prediction;
  if (!classes || !probabilities) return `Predicted value ${(values ?? []).map((v) => Number(v.toPrecision(5))).join(", ")}.`;
  const best = answered(prediction);
  return `Predicted class ${classes[best]}, ${(probabilities[best]! * 100).toFixed(1)}%.`;
}
