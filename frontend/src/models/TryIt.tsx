// Try the model: draw an image, choose a picture or type feature values, and see what it predicts.
import { useRef, useState } from "react";
import type { DatasetSpec, ModelView, PicturePrediction, Prediction } from "../api/types";
import { DrawGrid } from "./DrawGrid";
import { InsideModel } from "./InsideModel";
import { PredictionView } from "./PredictionView";
import { predict, predictPicture, type ModelSource, type Question } from "./modelSource";
import { PicturePicker, pictureDrop } from "./PicturePicker";
import { SeenPicture } from "./SeenPicture";

/** An image sample is (H, W) or (1, H, W): one grey channel to draw on. */
function imageSize(shape: number[]): [number, number] | null {
  const hw = shape.length === 3 && shape[0] === 1 ? shape.slice(1) : shape.length === 2 ? shape : null;
  return hw ? [hw[0]!, hw[1]!] : null;
}

export function TryIt({ view, source }: { view: ModelView; source: ModelSource }) {
  const shape = view.design.input_shape;
  const size = imageSize(shape);
  const count = shape.reduce((a, b) => a * b, 1);
  const [values, setValues] = useState<number[]>(() => new Array<number>(count).fill(0));
  const pictures = view.dataset?.pictures ?? null; // set where a picture can become a sample
  const [prediction, setPrediction] = useState<Prediction | PicturePrediction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [question, setQuestion] = useState<Question | null>(null); // what the answer is for
  const [inside, setInside] = useState(false); // "Inside the model" open

  const asked = useRef(0); // the latest question: a slower answer to an earlier one is dropped
  const show = (answer: Promise<Prediction>) => {
    const question = ++asked.current;
    setError(null);
    answer.then(
      (p) => question === asked.current && setPrediction(p),
      (e: unknown) => question === asked.current && setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const run = (input: number[]) => (setQuestion({ input }), show(predict(source, input)));
  const tryPicture = (file: File) => {
    setValues(new Array<number>(count).fill(0)); // the answer is the picture's, not a drawing's
    setPrediction(null); // not the last answer beside this picture's error
    setQuestion({ picture: file });
    show(predictPicture(source, file));
  };

  if (!size && !pictures && count > 32) return <p className="muted">Trying a model with {count} inputs is not supported here yet.</p>;
  return (
    <div className="try-it" data-testid="try-it" {...(pictures ? pictureDrop(tryPicture) : {})}>
      {size ? (
        <div className="try-input">
          <DrawGrid height={size[0]} width={size[1]} values={values} onChange={setValues} onStrokeEnd={run} />
          <button
            onClick={() => {
              setValues(new Array<number>(count).fill(0));
              setPrediction(null);
              setQuestion(null);
            }}
          >
            Clear
          </button>
          {pictures && <PicturePicker pictures={pictures} shape={shape} onPicture={tryPicture} />}
        </div>
      ) : pictures ? (
        <div className="try-input">
          <PicturePicker pictures={pictures} shape={shape} onPicture={tryPicture} />
        </div>
      ) : (
        <FeatureInputs names={featureNames(view.dataset, count)} start={typicalValues(view.dataset, count)} onSubmit={run} />
      )}
      <div className="try-output">
        {error && <p className="design-error" data-testid="try-error">{error}</p>}
        {prediction && "seen" in prediction && <SeenPicture seen={prediction.seen} note={prediction.note} />}
        {prediction ? <PredictionView prediction={prediction} /> : <p className="muted">{hint(Boolean(size), Boolean(pictures))}</p>}
      </div>
      {question && <InsideModel source={source} question={question} open={inside} onOpen={setInside} />}
    </div>
  );
}

function hint(draw: boolean, pictures: boolean): string {
  if (draw) return pictures ? "Draw, then let go; or choose a picture." : "Draw, then let go.";
  return pictures ? "Choose a picture." : "Type values, then Predict.";
}

function featureNames(dataset: DatasetSpec | null | undefined, count: number): string[] {
  const names = dataset?.standardisation?.features;
  return names && names.length === count ? names : Array.from({ length: count }, (_, i) => `x${i + 1}`);
}

/** A typical sample to start from: each feature's mean over the training set where known,
 * rounded to a hundredth of its spread (300, not 300.4903434664011). */
function typicalValues(dataset: DatasetSpec | null | undefined, count: number): number[] {
  const stats = dataset?.standardisation;
  if (!stats || stats.mean.length !== count) return new Array<number>(count).fill(0);
  return stats.mean.map((mean, i) => {
    const decimals = Math.min(10, Math.max(0, 2 - Math.floor(Math.log10(stats.std[i] ?? 1))));
    return Number(mean.toFixed(decimals)) || 0; // || 0: no "-0"
  });
}

interface FeatureProps {
  names: string[];
  start: number[];
  onSubmit: (values: number[]) => void;
}

function FeatureInputs({ names, start, onSubmit }: FeatureProps) {
  // As typed: a field left empty (or half typed, such as "-") is not taken for a 0.
  const [texts, setTexts] = useState(() => start.map(String));
  const missing = names.filter((_, i) => !Number.isFinite(Number.parseFloat(texts[i] ?? "")));
  return (
    <form className="feature-inputs" onSubmit={(e) => (e.preventDefault(), missing.length === 0 && onSubmit(texts.map(Number)))}>
      {names.map((name, i) => (
        <label key={name}>
          <span>{name}</span>
          <input
            type="number"
            step="any"
            value={texts[i]}
            aria-invalid={missing.includes(name)}
            data-testid={`feature-${i}`}
            onChange={(e) => setTexts(texts.map((t, j) => (j === i ? e.target.value : t)))}
          />
        </label>
      ))}
      <button type="submit" data-testid="predict-button" disabled={missing.length > 0}>
        Predict
      </button>
      {missing.length > 0 && (
        <p className="muted" data-testid="feature-missing">
          Give a number for {missing.join(", ")}.
        </p>
      )}
    </form>
  );
}
