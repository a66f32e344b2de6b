// The Challenges page (/challenges): small goals on the built-in datasets, each opened in the
// editor with its design and settings, as a design link opens; which this browser has met.
import { useState } from "react";
import { editorPath } from "../../api/pages";
import { designLink } from "../../editor/designLink";
import { percent } from "./challengeCheck";
import { CHALLENGES, type Challenge } from "./challenges";
import { metChallenges, setActiveChallenge } from "./challengeStore";
import "./challenges.css";

/** What a run is checked against, besides its accuracy. */
function limits(challenge: Challenge): string {
  const parts = [`≥ ${percent(challenge.minAccuracy)} validation accuracy`];
  if (challenge.maxHiddenLayers !== undefined) parts.push(challenge.maxHiddenLayers === 0 ? "no hidden layer" : `at most ${challenge.maxHiddenLayers} hidden layers`);
  if (challenge.maxParams !== undefined) parts.push(`at most ${challenge.maxParams.toLocaleString("en")} parameters`);
  return parts.join(", ");
}

async function start(challenge: Challenge) {
  setActiveChallenge(challenge.id);
  const link = new URL(await designLink(challenge.design, challenge.dataset, null, { ...challenge.training }));
  window.location.assign(`${editorPath}${link.hash}`);
}

export function ChallengesPage() {
  const [met] = useState(metChallenges);
  return (
    <main className="challenges-page">
      <h2>Challenges</h2>
      <p>
        Small goals to learn by: each opens a design in the editor that does not meet its goal yet. Change it, train, and the run&apos;s page says
        whether it is met or what is missing. Met: {met.filter((id) => CHALLENGES.some((c) => c.id === id)).length} of {CHALLENGES.length}.
      </p>
      <ol className="challenge-list">
        {CHALLENGES.map((challenge) => (
          <li key={challenge.id} data-testid={`challenge-${challenge.id}`}>
            <h3>
              {challenge.title}
              {met.includes(challenge.id) && (
                <span className="challenge-met-badge" data-testid="challenge-met-badge">
                  Met ✓
                </span>
              )}
            </h3>
            <p>{challenge.goal}</p>
            <p className="challenge-limits">{limits(challenge)}</p>
            <button onClick={() => void start(challenge)} aria-label={`Start: ${challenge.title}`} data-testid={`challenge-start-${challenge.id}`}>
              Start
            </button>
          </li>
        ))}
      </ol>
    </main>
  );
}
