// What a 2-D set's model takes: the point typed here, turned into the features it trained on.
import type { Feature } from "../training/planeOptions";

// TensorFlow Playground's names; the server's catalogue (dataset_options.features) says the same.
const LABELS: Record<Feature, string> = {
  x1: "x₁",
  x2: "x₂",
  x1_squared: "x₁²",
  x2_squared: "x₂²",
  x1_x2: "x₁·x₂",
  sin_x1: "sin(x₁)",
  sin_x2: "sin(x₂)",
};

export function PlaneFeaturesNote({ features }: { features: Feature[] }) {
  if (features.join() === "x1,x2") return null;
  return (
    <p className="muted" data-testid="plane-features-note">
      Type a point: the model takes its features ({features.map((f) => LABELS[f]).join(", ")}), computed from x1 and x2 as in training.
    </p>
  );
}
