// The editor's line while a challenge is attempted: its goal, its hint, what the design on screen
// already misses (hidden layers, parameters, a 2-D set's noise or share changed), and the way out of it.
import type { Design } from "../../api/types";
import { challengesPagePath } from "../../api/pages";
import { CodeText } from "../../editor/CodeText";
import { datasetMiss, designMisses, planeMisses, type PlaneOwn, type PlaneSet } from "./challengeCheck";
import type { Challenge } from "./challenges";
import "./challenges.css";

interface Props {
  challenge: Challenge;
  design: Design;
  /** The dataset chosen in the editor. */
  dataset: string;
  /** The editor's check's parameter count, null while none has come back. */
  totalParams: number | null;
  /** The 2-D set's noise and share as set in the editor, and the set's own. */
  plane: { set: PlaneSet | null; own: PlaneOwn | null };
  onLeave: () => void;
}

export function ChallengeLine({ challenge, design, dataset, totalParams, plane, onLeave }: Props) {
  const misses = designMisses(challenge, design, totalParams);
  const otherData = datasetMiss(challenge, dataset, "on");
  const changed = otherData ? [] : planeMisses(plane.set, plane.own);
  return (
    <section className="challenge-line" aria-label="Challenge" data-testid="challenge-line">
      <p>
        <strong>Challenge: {challenge.title}.</strong> {challenge.goal} <span className="challenge-hint" data-testid="challenge-hint">
          Hint: <CodeText text={challenge.hint} />
        </span>
      </p>
      <p>
        {otherData && (
          <span className="challenge-miss" data-testid="challenge-dataset-miss">
            Dataset: {otherData}.{" "}
          </span>
        )}
        {changed.length > 0 && (
          <span className="challenge-miss" data-testid="challenge-plane-miss">
            Dataset: {changed.join("; ")}: move {changed.length === 1 ? "its slider" : "their sliders"} back.{" "}
          </span>
        )}
        {misses.length ? (
          <span className="challenge-miss" data-testid="challenge-design-miss">Design: {misses.join("; ")}.</span>
        ) : otherData || changed.length ? null : (
          <span>Train to see whether the run meets it.</span>
        )}{" "}
        <a href={challengesPagePath}>All challenges</a>{" "}
        <button onClick={onLeave} data-testid="challenge-leave">
          Leave challenge
        </button>
      </p>
    </section>
  );
}
