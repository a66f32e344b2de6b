// The challenges: small goals on the built-in datasets, each with a design to start from (one that
// does not meet it), the settings to train with, and what a run must reach. Data, read by the
// Challenges page, the editor's challenge line and the run page's verdict (challengeCheck.ts).
// The thresholds were measured on a 1-core CPU (README, "Challenges"): a sensible solution meets
// them in well under a minute, the starting design does not.
import type { Design, Layer } from "../../api/types";
import type { LinkedSettings } from "../../editor/designLink";

export interface Challenge {
  id: string;
  title: string;
  /** The goal in one sentence. */
  goal: string;
  /** One line that points the way without giving the answer. */
  hint: string;
  /** A built-in dataset's name (training/data/builtin.py). */
  dataset: string;
  /** The design the challenge opens with. */
  design: Design;
  /** The settings it opens with: small epochs, so a run ends in seconds. */
  training: LinkedSettings;
  /** The validation accuracy a run must end with, 0 to 1. */
  minAccuracy: number;
  /** At most this many hidden layers (layers with weights before the output one). */
  maxHiddenLayers?: number;
  /** At most this many parameters, as the editor's check counts them. */
  maxParams?: number;
}

const layer = (id: string, type: string, params?: Layer["params"]): Layer => (params ? { id, type, params } : { id, type });
const design = (name: string, input_shape: number[], layers: Layer[]): Design => ({ version: 1, name, input_shape, layers });
/** The rest of the settings as a new design has them: a scheduler, augmentations or a 2-D set's
 * features left from earlier work would change what the thresholds were measured with. */
const plain: LinkedSettings = {
  loss: "CrossEntropyLoss", optimizer: "Adam", seed: 0, device: "auto", precision: "fp32",
  loss_params: {}, optimizer_params: {}, scheduler: null, scheduler_params: {}, augmentations: {},
  clip_grad_norm: null, early_stopping_patience: null, restore_best_weights: true, test_fraction: 0,
  channels_last: false, compile_model: false, cudnn_benchmark: false,
};
const twoD: LinkedSettings = { ...plain, lr: 0.03, batch_size: 32, dataset_options: { noise: null, train_share: null, features: ["x1", "x2"] } };
const digits: LinkedSettings = { ...plain, lr: 0.01, batch_size: 64, dataset_options: null };

export const CHALLENGES: Challenge[] = [
  {
    id: "moons-beat-linear",
    title: "Beat the linear model on two moons",
    goal: "A single Linear layer draws a straight line and gets about 86%: reach 93% validation accuracy.",
    hint: "A straight line cannot follow a curve: add a Linear, then a ReLU (each new layer goes after the open one, here `out`), then open `out` and press its ↓ until it is last again.",
    dataset: "moons",
    design: design("moons-linear", [2], [layer("out", "Linear", { out_features: 2 })]),
    training: { ...twoD, epochs: 30 },
    minAccuracy: 0.93,
  },
  {
    id: "spiral-two-hidden",
    title: "Two spirals",
    goal: "Reach 95% validation accuracy on the two spirals with at most 2 hidden layers.",
    hint: "Each hidden layer bends the boundary once more: add Linear, ReLU, Linear, ReLU (each goes after the open layer), give both Linear layers 16 out_features, then open `out` and press its ↓ until it is last.",
    dataset: "spiral",
    design: design("spiral-linear", [2], [layer("out", "Linear", { out_features: 2 })]),
    training: { ...twoD, epochs: 60 },
    minAccuracy: 0.95,
    maxHiddenLayers: 2,
  },
  {
    id: "circles-no-hidden",
    title: "A circle with no hidden layer",
    goal: "Reach 95% validation accuracy on the circle in a ring with no hidden layer at all.",
    hint: "Change what the network sees, not the network: under the dataset's Features, tick x₁² and x₂².",
    dataset: "circles",
    design: design("circles-linear", [2], [layer("out", "Linear", { out_features: 2 })]),
    training: { ...twoD, epochs: 30 },
    minAccuracy: 0.95,
    maxHiddenLayers: 0,
  },
  {
    id: "digits-small",
    title: "Digits with a small network",
    goal: "Reach 95% validation accuracy on the 8×8 digits with at most 5,000 parameters.",
    hint: "Most parameters sit in the widest Linear layers: one hidden layer of 32 is plenty (delete `fc2` and `act2`, and give `fc1` 32 out_features).",
    dataset: "digits",
    design: design("digits-mlp", [1, 8, 8], [
      layer("flat", "Flatten"),
      layer("fc1", "Linear", { out_features: 64 }),
      layer("act1", "ReLU"),
      layer("fc2", "Linear", { out_features: 64 }),
      layer("act2", "ReLU"),
      layer("out", "Linear", { out_features: 10 }),
    ]),
    training: { ...digits, epochs: 20 },
    minAccuracy: 0.95,
    maxParams: 5000,
  },
  {
    id: "fix-broken-cnn",
    title: "Fix the broken CNN",
    goal: "This CNN cannot train as it is: fix it, then reach 90% validation accuracy on the digits.",
    hint: "Read the error on the red layer: its message names the layer that is missing.",
    dataset: "digits",
    design: design("broken-cnn", [1, 8, 8], [
      layer("conv1", "Conv2d", { out_channels: 16, kernel_size: 3, padding: 1 }),
      layer("act1", "ReLU"),
      layer("pool1", "MaxPool2d", { kernel_size: 2 }),
      layer("fc", "Linear", { out_features: 10 }),
    ]),
    training: { ...digits, epochs: 5 },
    minAccuracy: 0.9,
  },
];

export const challengeById = (id: string | null): Challenge | null => CHALLENGES.find((c) => c.id === id) ?? null;
