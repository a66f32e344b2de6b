// Designs to start from: an MLP for any dataset, and two CNNs for the 8×8 digits.
import type { DatasetSpec, Design, Layer } from "../api/types";

export interface Template {
  name: string;
  title: string;
  help: string;
  /** The dataset it is made for, or null for the one already chosen. */
  dataset: string | null;
  make: (dataset: DatasetSpec) => Design;
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
    help: "Two convolution and pooling blocks, then two Linear layers: for the 8×8 digits.",
    dataset: "digits",
    make: (dataset) => ({
      version: 1,
      name: "lenet-digits",
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
    help: "A convolution, then a residual block whose Add joins a skip connection: for the 8×8 digits.",
    dataset: "digits",
    make: (dataset) => ({
      version: 1,
      name: "residual-digits",
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
];
