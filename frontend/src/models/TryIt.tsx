// Try the model: draw an image, choose a picture, hold one up to the webcam or type feature values,
// and see what it predicts; typed values are answered as they are typed (useTypedAnswers).
import { useEffect, useRef, useState } from "react";
import type { ModelView, PicturePrediction, Prediction } from "../api/types";
import { DrawGrid } from "./DrawGrid";
import { FeatureInputs, featureNames, typicalValues } from "./FeatureInputs";
import { PlaneFeaturesNote } from "./PlaneFeaturesNote";
import { InsideModel } from "./InsideModel";
import { PredictionView } from "./PredictionView";
import { predict, predictPicture, type ModelSource, type Question } from "./modelSource";
import { PicturePicker, pictureDrop } from "./PicturePicker";
import { SeenPicture } from "./SeenPicture";
import { WebcamTry } from "./WebcamTry";
import { WhereLooked } from "./WhereLooked";
import { camLayers, SERVER_LAYER } from "./camLayers";
import { busyNote, useTypedAnswers } from "./useTypedAnswers";
import { CodeText } from "../editor/CodeText";
import { OpenedSampleLine } from "./OpenedSampleLine";
import { SampleImage } from "../training/results/SampleImage";
import type { OpenedSample } from "../training/results/mistakeSample";
import { hint, imageSize, refusal, spokenPrediction } from "./tryItWords";

/** `opened`: a validation sample to start from, answered at once (a run's mistake, opened from its results). */
export function TryIt({ view, source, opened = null }: { view: ModelView; source: ModelSource; opened?: OpenedSample | null }) {
  const shape = view.design.input_shape;
  const size = imageSize(shape);
  const plane = view.dataset?.plane ?? null; // a 2-D set's model: a point in, its features computed
  const count = plane ? 2 : shape.reduce((a, b) => a * b, 1);
  const [values, setValues] = useState<number[]>(() => (opened && size ? opened.input : new Array<number>(count).fill(0)));
  const [start] = useState(() => opened?.input ?? (plane ? [0, 0] : typicalValues(view.dataset, count))); // the typed fields' first values
  const [sample, setSample] = useState(opened); // said while the values are still the opened sample's
  const samplePicture = sample && !size && shape.length === 3 ? sample : null; // a colour picture: shown, not drawn
  const pictures = view.dataset?.pictures ?? null; // set where a picture can become a sample
  // Grad-CAM maps a class onto a picture through a convolution's output
  const explains = Boolean(size || pictures) && view.design.layers.some((layer) => layer.type === "Conv2d");
  const [prediction, setPrediction] = useState<Prediction | PicturePrediction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [question, setQuestion] = useState<Question | null>(null); // what the answer is for
  const [inside, setInside] = useState(false); // "Inside the model" open
  const [looking, setLooking] = useState(false); // "Show where it looked" on
  const [camLayer, setCamLayer] = useState(SERVER_LAYER); // the layer its map is made at
  const [webcam, setWebcam] = useState(false); // answering the webcam's frames, live
  const [webcamNote, setWebcamNote] = useState<string | null>(null);
  const lastFrame = useRef<Blob | null>(null); // the last frame answered: Inside the model's, once stopped

  // Typed values: each answer is shown as it comes, and one for values since changed is greyed.
  const typed = useTypedAnswers(source, start, {
    onAnswer: (input, p) => (setError(null), setPrediction(p), setQuestion({ input })),
    onRefused: (e) => (setPrediction(null), setError(refusal(e))), // an earlier answer beside it would read as these values'
  });
  const edited = (input: number[] | null) => (setError(null), setSample(null), typed.typed(input)); // an error for values since changed is gone too

  const asked = useRef(0); // the latest question: a slower answer to an earlier one is dropped
  const show = (answer: Promise<Prediction>) => {
    const question = ++asked.current;
    setError(null);
    answer.then(
      (p) => question === asked.current && setPrediction(p),
      (e: unknown) => {
        if (question !== asked.current) return;
        setPrediction(null); // an earlier answer beside this error would read as these values'
        setError(refusal(e));
      },
    );
  };
  const run = (input: number[]) => (setQuestion({ input }), show(predict(source, input)));
  const tryPicture = (file: File) => {
    setSample(null);
    setWebcam(false); // a picture dropped while the webcam is live: the answer is the picture's
    setValues(new Array<number>(count).fill(0)); // the answer is the picture's, not a drawing's
    setPrediction(null); // not the last answer beside this picture's error
    setQuestion({ picture: file });
    // The server never sees the file's name: the message says which file it refused.
    const named = (e: unknown) => Promise.reject(new Error(`${file.name}: ${refusal(e)}`));
    show(predictPicture(source, file).catch(named));
  };
  const startWebcam = () => {
    setSample(null);
    ++asked.current; // an answer still coming for a picture is not shown over the webcam's
    lastFrame.current = null;
    setValues(new Array<number>(count).fill(0)); // the answers are the webcam's, not a drawing's
    setWebcamNote(null);
    setError(null);
    setPrediction(null);
    setQuestion(null); // Inside the model waits for the webcam to stop, not asked at every frame
    setWebcam(true);
  };
  const stopWebcam = (note: string | null) => {
    setWebcam(false);
    setWebcamNote(note);
    if (lastFrame.current) setQuestion({ picture: lastFrame.current });
  };
  const webcamAnswer = (answer: PicturePrediction, frame: Blob) => {
    lastFrame.current = frame;
    setError(null);
    setPrediction(answer);
  };
  const webcamRefused = (message: string) => {
    lastFrame.current = null; // Inside the model is not shown for a frame before the refused one
    stopWebcam(null);
    setPrediction(null);
    setError(message);
  };
  // The opened sample is answered once, as a drawing at the end of its stroke or typed values are.
  const answeredOpened = useRef(false);
  useEffect(() => {
    if (!opened || answeredOpened.current) return;
    answeredOpened.current = true;
    if (size || shape.length === 3) run(opened.input);
    else typed.askNow(opened.input);
  });
  const picker = pictures && (
    <PicturePicker pictures={pictures} shape={shape} onPicture={tryPicture} onWebcam={startWebcam} webcamNote={webcamNote} />
  );

  if (!size && !pictures && !samplePicture && count > 32)
    return (
      <p className="muted" data-testid="try-it-many-inputs">
        A model of {count} inputs takes too many to type here: send rows of them as a CSV to <em>Classify many</em>, below.
      </p>
    );
  return (
    <div className="try-it" data-testid="try-it" {...(pictures ? pictureDrop(tryPicture) : {})}>
      {sample && <OpenedSampleLine sample={sample} />}
      {webcam ? (
        <div className="try-input">
          <WebcamTry source={source} side={Math.max(...shape.slice(-2))} onAnswer={webcamAnswer} onRefused={webcamRefused} onStop={stopWebcam} />
        </div>
      ) : size ? (
        <div className="try-input">
          <DrawGrid height={size[0]} width={size[1]} values={values} onChange={(drawn) => (setSample(null), setValues(drawn))} onStrokeEnd={run} />
          <button
            onClick={() => {
              setSample(null);
              setValues(new Array<number>(count).fill(0));
              setPrediction(null);
              setQuestion(null);
            }}
          >
            Clear
          </button>
          {picker}
        </div>
      ) : pictures || samplePicture ? (
        <div className="try-input">
          {samplePicture && <SampleImage values={samplePicture.input} shape={shape} size={112} />}
          {picker}
        </div>
      ) : plane ? (
        <div className="try-input">
          <FeatureInputs names={["x₁", "x₂"]} start={start} onSubmit={typed.askNow} onEdit={edited} />
          <PlaneFeaturesNote features={plane.features} />
        </div>
      ) : (
        <FeatureInputs names={featureNames(view.dataset, count)} start={start} onSubmit={typed.askNow} onEdit={edited} />
      )}
      <div className="try-output">
        {/* Said each time the answer changes: it appeared with nothing said. */}
        <p className="visually-hidden" role="status" data-testid="prediction-said">
          {prediction ? spokenPrediction(prediction) : ""}
        </p>
        {error && (
          <p className="design-error" role="alert" data-testid="try-error">
            <CodeText text={error} />
          </p>
        )}
        {prediction && "seen" in prediction && <SeenPicture seen={prediction.seen} note={prediction.note} />}
        {prediction ? (
          <>
            <PredictionView prediction={prediction} staleNote={size || pictures ? null : typed.staleNote} />
            {explains && question && prediction.classes && (
              <WhereLooked source={source} question={question} prediction={prediction} shape={shape} layers={camLayers(view)} open={looking} onOpen={setLooking} layerChoice={camLayer} onLayerChoice={setCamLayer} />
            )}
          </>
        ) : typed.busyMs !== null ? (
          <p className="muted" data-testid="try-busy">{busyNote(typed.busyMs)}</p>
        ) : (
          !error && <p className="muted">{webcam ? "Hold something up to the camera." : hint(Boolean(size), Boolean(pictures))}</p>
        )}
      </div>
      {question && <InsideModel source={source} question={question} open={inside} onOpen={setInside} />}
    </div>
  );
}
