// Designs to start from: an MLP for any dataset, two CNNs for pictures (the 8×8 digits, or
// the set of pictures already chosen: a person's own uploaded photos stay theirs), and an LSTM
// for sequences (C, L) (the waveforms, or the sequences already chosen).
import type { DatasetSpec, Design, Layer } from "../api/types";

export interface Template {
  name: string;
  title: string;
  help: string;
  /** The dataset it is made for, or null for the one already chosen. */
  dataset: string | null;
  /** Given: the chosen dataset it also fits, which it keeps instead of moving to `dataset`. */
  takes?: (dataset: DatasetSpec) => boolean;
  make: (dataset: DatasetSpec) => Design;
}

/** Pictures (channels, height, width) at least 8 pixels a side: two 2×2 poolings leave 2×2. */
const pictures = (dataset: DatasetSpec) => dataset.sample_shape.length === 3 && Math.min(...dataset.sample_shape.slice(1)) >= 8;
/** Sequences (channels, length), as Conv1d and LSTM layers read them. */
const sequences = (dataset: DatasetSpec) => dataset.sample_shape.length === 2;
/** "lenet-digits" on the digits (a template's `home` set); "lenet" on someone's own pictures. */
const named = (base: string, dataset: DatasetSpec, home = "digits") => (dataset.name === home ? `${base}-${home}` : base);

/** The dataset a template opens on: the chosen one where it is for any or takes it, else its own. */
export function templateDataset(template: Template, datasets: DatasetSpec[], current: DatasetSpec | undefined): DatasetSpec | undefined {
  if (!template.dataset || (current && template.takes?.(current))) return current;
  return datasets.find((d) => d.name === template.dataset);
}

const conv = (id: string, out_channels: number): Layer => ({ id, type: "Conv2d", params: { out_channels, kernel_size: 3, padding: 1 } });
const layer = (id: string, type: string, params?: Layer["params"]): Layer => (params ? { id, type, params } : { id, type });

/** How many numbers the last layer gives: one per class, or the target's size. */
function outputs(dataset: DatasetSpec): number {
  if (dataset.task === "classification" && dataset.classes?.length) return dataset.classes.length;
  return dataset.target_shape.reduce((a, b) => a * b, 1);
}

export const TEMPLATES: Template[] = [
  {
    name: "mlp",
    title: "MLP",
    help: "Two hidden Linear layers of 64 with ReLU, after a Flatten for images: for the 2-D sets or flattened digits.",
    dataset: null,
    make: (dataset) => ({
      version: 1,
      name: "mlp",
      input_shape: dataset.sample_shape,
      layers: [
        // A sample that is already a vector (a 2-D set's point, a table's row) needs no Flatten.
        ...(dataset.sample_shape.length > 1 ? [layer("flat", "Flatten")] : []),
        layer("fc1", "Linear", { out_features: 64 }),
        layer("act1", "ReLU"),
        layer("fc2", "Linear", { out_features: 64 }),
        layer("act2", "ReLU"),
        layer("out", "Linear", { out_features: outputs(dataset) }),
      ],
    }),
  },
  {
    name: "lenet",
    title: "LeNet-style CNN",
    help: "Two convolution and pooling blocks, then two Linear layers: for the 8×8 digits, or your own pictures.",
    dataset: "digits",
    takes: pictures,
    make: (dataset) => ({
      version: 1,
      name: named("lenet", dataset),
      input_shape: dataset.sample_shape,
      layers: [
        conv("conv1", 16),
        layer("act1", "ReLU"),
        layer("pool1", "MaxPool2d", { kernel_size: 2 }),
        conv("conv2", 32),
        layer("act2", "ReLU"),
        layer("pool2", "MaxPool2d", { kernel_size: 2 }),
        layer("flat", "Flatten"),
        layer("fc1", "Linear", { out_features: 64 }),
        layer("act3", "ReLU"),
        layer("fc2", "Linear", { out_features: outputs(dataset) }),
      ],
    }),
  },
  {
    name: "residual",
    title: "Residual CNN",
    help: "A convolution, then a residual block whose Add joins a skip connection: for the 8×8 digits, or your own pictures.",
    dataset: "digits",
    takes: pictures,
    make: (dataset) => ({
      version: 1,
      name: named("residual", dataset),
      input_shape: dataset.sample_shape,
      layers: [
        conv("conv1", 16),
        layer("act1", "ReLU"),
        conv("conv2", 16),
        layer("act2", "ReLU"),
        conv("conv3", 16),
        layer("add", "Add"),
        layer("act3", "ReLU"),
        layer("pool", "MaxPool2d", { kernel_size: 2 }),
        layer("flat", "Flatten"),
        layer("fc", "Linear", { out_features: outputs(dataset) }),
      ],
      edges: [
        ["input", "conv1"],
        ["conv1", "act1"],
        ["act1", "conv2"],
        ["conv2", "act2"],
        ["act2", "conv3"],
        ["conv3", "add"],
        ["act1", "add"],
        ["add", "act3"],
        ["act3", "pool"],
        ["pool", "flat"],
        ["flat", "fc"],
      ],
    }),
  },
  {
    name: "lstm",
    title: "LSTM for sequences",
    help: "An LSTM of 32 reads the sequence step by step, and a Linear reads its last step: for the waveforms, or your own sequences (C, L).",
    dataset: "waveforms",
    takes: sequences,
    make: (dataset) => ({
      version: 1,
      name: named("lstm", dataset, "waveforms"),
      input_shape: dataset.sample_shape,
      layers: [layer("lstm1", "LSTM", { hidden_size: 32, output: "last" }), layer("fc", "Linear", { out_features: outputs(dataset) })],
    }),
  },
];
