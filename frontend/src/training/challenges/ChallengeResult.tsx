// The run page's challenge line: which challenge this run attempts, and once it ends "Challenge met ✓"
// or what is missing. Nothing when the run was not trained for a challenge. Its page mounts it again
// (a new key) when the run goes on, so that the verdict follows the new epochs.
import { challengesPagePath } from "../../api/pages";
import { useRunChallenge } from "./useRunChallenge";
import "./challenges.css";

export function ChallengeResult({ runId }: { runId: string }) {
  const { challenge, verdict } = useRunChallenge(runId);
  if (!challenge) return null;
  const state = !verdict || !verdict.ended ? "open" : verdict.met ? "met" : "missed";
  return (
    <section className={`challenge-result challenge-${state}`} aria-label="Challenge" data-testid="challenge-result">
      <p>
        <strong>Challenge: {challenge.title}</strong> <span className="challenge-goal">{challenge.goal}</span>
      </p>
      <p role="status" data-testid="challenge-verdict">
        {state === "met" && <strong>Challenge met ✓</strong>}
        {state === "missed" && <strong>Not met yet: {verdict!.missing.join("; ")}.</strong>}
        {state === "open" && <>Checked when the run ends{verdict?.missing.length ? `; already missing: ${verdict.missing.join("; ")}` : ""}.</>}{" "}
        <a href={challengesPagePath}>All challenges</a>
      </p>
    </section>
  );
}
