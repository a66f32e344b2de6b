// What a 2-D set's model takes: the point typed here, turned into the features it trained on.
import { FEATURE_LABELS, type Feature } from "../training/planeOptions";

export function PlaneFeaturesNote({ features }: { features: Feature[] }) {
  if (features.join() === "x1,x2") return null;
  return (
    <p className="muted" data-testid="plane-features-note">
      Type a point: the model takes its features ({features.map((f) => FEATURE_LABELS[f]).join(", ")}), computed from x₁ and x₂ as in training.
    </p>
  );
}
