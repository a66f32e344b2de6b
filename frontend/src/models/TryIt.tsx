// Try the model: draw an image, choose a picture, hold one up to the webcam or type feature values,
// and see what it predicts; typed values are answered as they are typed (useTypedAnswers). What it
// is given is TryItInput's, its answer TryItAnswer's; this holds what both share.
import { useEffect, useRef, useState } from "react";
import type { ModelView, PicturePrediction } from "../api/types";
import { typicalValues } from "./FeatureInputs";
import { InsideModel } from "./InsideModel";
import { predictPicture, type ModelSource } from "./modelSource";
import { PicturePicker, pictureDrop } from "./PicturePicker";
import { SERVER_LAYER } from "./camLayers";
import { useTypedAnswers } from "./useTypedAnswers";
import { OpenedSampleLine } from "./OpenedSampleLine";
import type { OpenedSample } from "../training/results/mistakeSample";
import { imageSize, refusal, sequenceSize } from "./tryItWords";
import { useAnswer } from "./useAnswer";
import { TryItInput } from "./TryItInput";
import { TryItAnswer } from "./TryItAnswer";

/** `opened`: a validation sample to start from, answered at once (a run's mistake, opened from its results). */
export function TryIt({ view, source, opened = null }: { view: ModelView; source: ModelSource; opened?: OpenedSample | null }) {
  const shape = view.design.input_shape;
  const size = imageSize(shape);
  const sequence = sequenceSize(shape); // (C, L): typed or pasted, never drawn
  const plane = view.dataset?.plane ?? null; // a 2-D set's model: a point in, its features computed
  const count = plane ? 2 : shape.reduce((a, b) => a * b, 1);
  const [values, setValues] = useState<number[]>(() => (opened && size ? opened.input : new Array<number>(count).fill(0)));
  const [start] = useState(() => opened?.input ?? (plane ? [0, 0] : typicalValues(view.dataset, count))); // the typed fields' first values
  const [sample, setSample] = useState(opened); // said while the values are still the opened sample's
  const samplePicture = sample && !size && shape.length === 3 ? sample : null; // a colour picture: shown, not drawn
  // Set where a picture can become a sample; not for a sequence (a set of bytes is said to take them).
  const pictures = sequence ? null : (view.dataset?.pictures ?? null);
  // Grad-CAM maps a class onto a picture through a convolution's output
  const explains = Boolean(size || pictures) && view.design.layers.some((layer) => layer.type === "Conv2d");
  const answer = useAnswer(source);
  const { setPrediction, setError, setQuestion } = answer;
  const [inside, setInside] = useState(false); // "Inside the model" open
  const [looking, setLooking] = useState(false); // "Show where it looked" on
  const [camLayer, setCamLayer] = useState(SERVER_LAYER); // the layer its map is made at
  const [webcam, setWebcam] = useState(false); // answering the webcam's frames, live
  const [webcamNote, setWebcamNote] = useState<string | null>(null);
  const [webcamStops, setWebcamStops] = useState(0);
  const lastFrame = useRef<Blob | null>(null); // the last frame answered: Inside the model's, once stopped

  // Typed values: each answer is shown as it comes, and one for values since changed is greyed.
  const typed = useTypedAnswers(source, start, {
    onAnswer: (input, p) => (setError(null), setPrediction(p), setQuestion({ input })),
    onRefused: (e) => (setPrediction(null), setError(refusal(e))), // an earlier answer beside it would read as these values'
  });
  const edited = (input: number[] | null) => (setError(null), setSample(null), typed.typed(input)); // an error for values since changed is gone too

  const tryPicture = (file: File) => {
    setSample(null);
    setWebcam(false); // a picture dropped while the webcam is live: the answer is the picture's
    setValues(new Array<number>(count).fill(0)); // the answer is the picture's, not a drawing's
    setPrediction(null); // not the last answer beside this picture's error
    setQuestion({ picture: file });
    // The server never sees the file's name: the message says which file it refused.
    const named = (e: unknown) => Promise.reject(new Error(`${file.name}: ${refusal(e)}`));
    answer.show(predictPicture(source, file).catch(named));
  };
  const startWebcam = () => {
    setSample(null);
    answer.drop(); // an answer still coming for a picture is not shown over the webcam's
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
    setWebcamStops((stops) => stops + 1);
    setWebcamNote(note);
    if (lastFrame.current) setQuestion({ picture: lastFrame.current });
  };
  const webcamEvents = {
    onAnswer: (frame: PicturePrediction, picture: Blob) => {
      lastFrame.current = picture;
      setError(null);
      setPrediction(frame);
    },
    onRefused: (message: string) => {
      lastFrame.current = null; // Inside the model is not shown for a frame before the refused one
      stopWebcam(null);
      setPrediction(null);
      setError(message);
    },
    onStop: stopWebcam,
  };
  // The opened sample is answered once, as a drawing at the end of its stroke or typed values are.
  const answeredOpened = useRef(false);
  useEffect(() => {
    if (!opened || answeredOpened.current) return;
    answeredOpened.current = true;
    if (size || shape.length === 3) answer.run(opened.input);
    else typed.askNow(opened.input);
  });
  const clear = () => {
    setSample(null);
    setValues(new Array<number>(count).fill(0));
    setPrediction(null);
    setQuestion(null);
  };
  const picker = pictures && (
    <PicturePicker pictures={pictures} shape={shape} onPicture={tryPicture} onWebcam={startWebcam} webcamNote={webcamNote} webcamStops={webcamStops} />
  );

  if (!size && !pictures && !samplePicture && !sequence && count > 32)
    return (
      <p className="muted" data-testid="try-it-many-inputs">
        A model of {count} inputs takes too many to type here: send rows of them as a CSV to <em>Classify many</em>, below.
      </p>
    );
  return (
    <div className="try-it" data-testid="try-it" {...(pictures ? pictureDrop(tryPicture) : {})}>
      {sample && <OpenedSampleLine sample={sample} />}
      <TryItInput
        view={view} source={source} size={size} sequence={sequence} count={count} values={values} start={start} samplePicture={samplePicture} picker={picker} webcam={webcam} typed={typed}
        onDrawn={(drawn) => (setSample(null), setValues(drawn))} onStrokeEnd={answer.run} onClear={clear} onEdit={edited} webcamEvents={webcamEvents}
      />
      <TryItAnswer
        view={view} source={source} prediction={answer.prediction} error={answer.error} question={answer.question}
        staleNote={size || pictures ? null : typed.staleNote} busyMs={typed.busyMs} drawn={Boolean(size)} pictures={Boolean(pictures)} webcam={webcam} explains={explains}
        looking={{ open: looking, onOpen: setLooking, layer: camLayer, onLayer: setCamLayer }}
      />
      {answer.question && <InsideModel source={source} question={answer.question} open={inside} onOpen={setInside} />}
    </div>
  );
}
