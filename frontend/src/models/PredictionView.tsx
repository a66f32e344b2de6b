// The model's answer: the predicted class with every class's probability, or the predicted value;
// greyed under a note when the values typed have changed since, until the answer for them comes.
import type { Prediction } from "../api/types";
import { chanceText } from "./chanceText";
import { predictedWhat, valueText } from "./valueText";

/** The index of the class the model answers: the server's, as the run's accuracy counts it (the
 * highest output: probabilities clamped to 1 may tie where the outputs do not); the likeliest
 * for a server from before it said. */
export function answered(prediction: Prediction): number {
  const probabilities = prediction.probabilities ?? [];
  const said = prediction.predicted ? (prediction.classes ?? []).indexOf(prediction.predicted) : -1;
  return said >= 0 ? said : probabilities.indexOf(Math.max(...probabilities));
}

/** `staleNote`: why the answer is not the values now in the fields (greyed under it), or null when it
 * is; `target`: the column a regression predicts, to name its value by, where the dataset says. */
export function PredictionView({ prediction, staleNote = null, target = null }: { prediction: Prediction; staleNote?: string | null; target?: string | null }) {
  const stale = staleNote !== null;
  return (
    <div className={stale ? "prediction stale" : "prediction"} data-testid="prediction" data-stale={stale}>
      {stale && (
        <p className="muted stale-note" data-testid="prediction-stale">
          {staleNote}
        </p>
      )}
      <Answer prediction={prediction} target={target} />
    </div>
  );
}

function Answer({ prediction, target }: { prediction: Prediction; target: string | null }) {
  if (!prediction.probabilities || !prediction.classes) {
    const values = prediction.values ?? [];
    return (
      <p data-testid="predicted-value">
        Predicted {predictedWhat(values.length, target)}: <strong>{values.map(valueText).join(", ")}</strong>
      </p>
    );
  }
  const best = answered(prediction);
  return (
    <div>
      <p>
        Predicted class: <strong data-testid="predicted-class">{prediction.classes[best]}</strong>{" "}
        <span className="muted">({prediction.elapsed_ms.toFixed(1)} ms)</span>
      </p>
      <ul className="class-accuracy probabilities" data-testid="probabilities">
        {prediction.classes.map((name, i) => (
          <li key={name} className={i === best ? "best" : ""}>
            <span className="class-name" title={name}>{name}</span>
            <span className="bar">
              {/* Scaled, not sized: a live answer's slide then runs on the compositor and lays nothing out again. */}
              <span style={{ transform: `scaleX(${prediction.probabilities![i]!.toFixed(3)})` }} />
            </span>
            {/* A runner-up's chance to two significant figures under 0.1 %, where "0.0%" hid which came second. */}
            <span className="class-value">{chanceText(prediction.probabilities![i]!)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
