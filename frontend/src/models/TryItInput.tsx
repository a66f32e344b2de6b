// What Try it is given: the webcam's frames, a drawing, a picture, a sequence typed or pasted, a
// 2-D set's point or typed feature values, by the model's input.
import type { ReactNode } from "react";
import type { ModelView, PicturePrediction } from "../api/types";
import { DrawGrid } from "./DrawGrid";
import { FeatureInputs, featureNames } from "./FeatureInputs";
import type { ModelSource } from "./modelSource";
import { PlaneFeaturesNote } from "./PlaneFeaturesNote";
import { SequenceInputs } from "./SequenceInputs";
import { WebcamTry } from "./WebcamTry";
import { SampleImage } from "../training/results/SampleImage";
import type { OpenedSample } from "../training/results/mistakeSample";
import type { TypedTry } from "./useTypedAnswers";

interface Props {
  view: ModelView;
  source: ModelSource;
  /** (H, W) of a grey picture drawn on a grid; null for any other input. */
  size: [number, number] | null;
  /** (C, L) of a sequence, typed or pasted; null for any other input. */
  sequence: [number, number] | null;
  count: number;
  /** The values drawn on the grid, and the typed fields' first values. */
  values: number[];
  start: number[];
  /** A colour picture sample opened, shown as it is (not drawn). */
  samplePicture: OpenedSample | null;
  /** The picture picker, where a picture can become a sample. */
  picker: ReactNode;
  webcam: boolean;
  typed: TypedTry;
  onDrawn: (values: number[]) => void;
  onStrokeEnd: (values: number[]) => void;
  onClear: () => void;
  onEdit: (values: number[] | null) => void;
  webcamEvents: { onAnswer: (answer: PicturePrediction, frame: Blob) => void; onRefused: (message: string) => void; onStop: (note: string | null) => void };
}

export function TryItInput({ view, source, size, sequence, count, values, start, samplePicture, picker, webcam, typed, onDrawn, onStrokeEnd, onClear, onEdit, webcamEvents }: Props) {
  const shape = view.design.input_shape;
  const plane = view.dataset?.plane ?? null; // a 2-D set's model: a point in, its features computed
  if (webcam)
    return (
      <div className="try-input">
        <WebcamTry source={source} side={Math.max(...shape.slice(-2))} {...webcamEvents} />
      </div>
    );
  if (sequence) return <SequenceInputs size={sequence} start={start} typed={typed} onEdit={onEdit} />;
  if (size)
    return (
      <div className="try-input">
        <DrawGrid height={size[0]} width={size[1]} values={values} onChange={onDrawn} onStrokeEnd={onStrokeEnd} />
        <button onClick={onClear}>Clear</button>
        {picker}
      </div>
    );
  if (picker || samplePicture)
    return (
      <div className="try-input">
        {samplePicture && <SampleImage values={samplePicture.input} shape={shape} size={112} />}
        {picker}
      </div>
    );
  if (plane)
    return (
      <div className="try-input">
        <FeatureInputs names={["x₁", "x₂"]} start={start} onSubmit={typed.askNow} onEdit={onEdit} />
        <PlaneFeaturesNote features={plane.features} />
      </div>
    );
  return <FeatureInputs names={featureNames(view.dataset, count)} start={start} spread={view.dataset?.standardisation} onSubmit={typed.askNow} onEdit={onEdit} />;
}
