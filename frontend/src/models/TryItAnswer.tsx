// Try it's answer column: the prediction with each class's probability, where the model looked,
// or why it refused, or what to do first.
import type { ModelView, PicturePrediction, Prediction } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { camLayers, type LayerChoice } from "./camLayers";
import type { ModelSource, Question } from "./modelSource";
import { PredictionView } from "./PredictionView";
import { SeenPicture } from "./SeenPicture";
import { hint, spokenPrediction } from "./tryItWords";
import { busyNote } from "./useTypedAnswers";
import { WhereLooked } from "./WhereLooked";

interface Props {
  view: ModelView;
  source: ModelSource;
  prediction: Prediction | PicturePrediction | null;
  error: string | null;
  question: Question | null;
  /** Why the answer is not for the typed values shown (greyed), or null; a busy server's wait in ms. */
  staleNote: string | null;
  busyMs: number | null;
  drawn: boolean;
  pictures: boolean;
  webcam: boolean;
  /** Grad-CAM maps a class onto the picture: the model has a Conv2d and takes pictures. */
  explains: boolean;
  /** "Show where it looked": open, and the layer its map is made at. */
  looking: { open: boolean; onOpen: (open: boolean) => void; layer: LayerChoice; onLayer: (layer: LayerChoice) => void };
}

export function TryItAnswer({ view, source, prediction, error, question, staleNote, busyMs, drawn, pictures, webcam, explains, looking }: Props) {
  const shape = view.design.input_shape;
  const target = view.dataset?.standardisation?.target ?? null; // an upload's column, by name
  return (
    <div className="try-output">
      {/* Said each time the answer changes: it appeared with nothing said. */}
      <p className="visually-hidden" role="status" data-testid="prediction-said">
        {prediction ? spokenPrediction(prediction, target) : ""}
      </p>
      {error && (
        <p className="design-error" role="alert" data-testid="try-error">
          <CodeText text={error} />
        </p>
      )}
      {prediction && "seen" in prediction && <SeenPicture seen={prediction.seen} note={prediction.note} />}
      {prediction ? (
        <>
          <PredictionView prediction={prediction} staleNote={staleNote} target={target} />
          {explains && question && prediction.classes && (
            <WhereLooked source={source} question={question} prediction={prediction} shape={shape} layers={camLayers(view)} open={looking.open} onOpen={looking.onOpen} layerChoice={looking.layer} onLayerChoice={looking.onLayer} />
          )}
        </>
      ) : busyMs !== null ? (
        <p className="muted" data-testid="try-busy">{busyNote(busyMs)}</p>
      ) : (
        !error && <p className="muted">{webcam ? "Hold something up to the camera." : hint(drawn, pictures)}</p>
      )}
    </div>
  );
}
