// "Show where it looked": Grad-CAM for the picture just tried, asked for when shown and again for
// each new picture, class or layer; the class picker starts at the predicted class for each new
// picture, the layer picker at the server's choice until another is chosen (kept from picture to picture).
import { useEffect, useMemo, useRef, useState } from "react";
import type { GradCam, PicturePrediction, Prediction } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { HeatOverlay, heatWords, type Picture } from "./HeatOverlay";
import { answered } from "./PredictionView";
import { type CamLayer, type LayerChoice } from "./camLayers";
import { chanceText } from "./chanceText";
import { CamLayerSelect } from "./CamLayerSelect";
import { whereLooked, type ModelSource, type Question } from "./modelSource";

interface Props {
  source: ModelSource;
  question: Question;
  prediction: Prediction | PicturePrediction;
  shape: number[]; // the model's input shape: a drawn sample's (H, W) is its last two
  layers: CamLayer[]; // those a map can be made from, for "at layer"
  open: boolean; // kept by the panel, so that the next picture's map shows too
  onOpen: (open: boolean) => void;
  layerChoice: LayerChoice; // kept by the panel too: the next picture's map is at the same layer
  onLayerChoice: (choice: LayerChoice) => void;
}

/** The sample as a picture: the one the server made of a picture, or the drawn values in grey. */
function pictureOf(prediction: Prediction | PicturePrediction, question: Question, shape: number[]): Picture | null {
  if ("seen" in prediction) {
    const { width, height, channels, pixels } = prediction.seen;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const rgb = channels === 3 ? pixels.slice(i * 3, i * 3 + 3) : [pixels[i]!, pixels[i]!, pixels[i]!];
      rgba.set([...rgb, 255], i * 4);
    }
    return { width, height, rgba };
  }
  if (!("input" in question) || shape.length < 2) return null;
  const [height, width] = shape.slice(-2) as [number, number];
  const top = Math.max(1e-9, ...question.input);
  const rgba = new Uint8ClampedArray(width * height * 4);
  question.input.slice(0, width * height).forEach((v, i) => rgba.set([0, 1, 2].map(() => (255 * Math.max(0, v)) / top).concat(255), i * 4));
  return { width, height, rgba };
}

export function WhereLooked({ source, question, prediction, shape, layers, open, onOpen, layerChoice, onLayerChoice }: Props) {
  const [choice, setChoice] = useState<{ question: Question; index: number } | null>(null);
  const chosen = choice?.question === question ? choice.index : null; // a new picture: its predicted class
  const layer = layerChoice.chosen; // null: the server's choice
  const [cam, setCam] = useState<GradCam | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0); // the latest question: a slower answer to an earlier one is dropped
  const model = "runId" in source ? source.runId : source.token;
  const picture = useMemo(() => pictureOf(prediction, question, shape), [prediction, question, shape]);

  useEffect(() => {
    if (!open) return;
    const mine = ++asked.current;
    setCam(null);
    setError(null);
    whereLooked(source, question, chosen, layer).then(
      (c) => {
        if (mine !== asked.current) return;
        setCam(c);
        if (layer === null && layerChoice.server !== c.layer) onLayerChoice({ chosen: null, server: c.layer });
      },
      (e: unknown) => mine === asked.current && setError(e instanceof Error ? e.message : String(e)),
    );
  }, [open, model, question, chosen, layer]);

  const classes = prediction.classes ?? [];
  const chances = prediction.probabilities ?? [];
  const best = answered(prediction);
  const order = classes.map((_, i) => i).sort((a, b) => (chances[b] ?? 0) - (chances[a] ?? 0));
  return (
    <section className="where-looked" data-testid="where-looked">
      {/* A disclosure: its label says what a press does, aria-expanded whether the map shows. */}
      <button type="button" aria-expanded={open} onClick={() => onOpen(!open)}>
        {open ? "Hide where it looked" : "Show where it looked"}
      </button>
      <p className="visually-hidden" role="status" data-testid="where-looked-said">
        {open && !error ? (cam ? `Where it looked for “${cam.class_name}”: ${heatWords(cam)}` : "Working out where it looked…") : ""}
      </p>
      {open && (
        <div className="where-looked-body">
          <label className="where-looked-class">
            Explain class{" "}
            <select
              data-testid="explain-class"
              value={chosen ?? best}
              onChange={(e) => setChoice({ question, index: Number(e.target.value) })}
            >
              {order.map((i) => (
                <option key={i} value={i}>
                  {classes[i]} · {chanceText(chances[i] ?? 0)}{i === best ? " (predicted)" : ""}
                </option>
              ))}
            </select>
          </label>
          <CamLayerSelect layers={layers} chosen={layer} serverChoice={layerChoice.server} onChoose={(chosen) => onLayerChoice({ ...layerChoice, chosen })} />
          {error && (
            <p className="design-error" role="alert" data-testid="where-looked-error">
              <CodeText text={error} />
            </p>
          )}
          {!cam && !error && <p className="muted">Working out where it looked…</p>}
          {cam && picture && <HeatOverlay cam={cam} picture={picture} />}
        </div>
      )}
    </section>
  );
}
