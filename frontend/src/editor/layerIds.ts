// Fresh, readable layer ids: conv1, relu2, fc1 … They must match ^[A-Za-z_][A-Za-z0-9_]*$.

export const LAYER_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const PREFIXES: Record<string, string> = {
  Conv1d: "conv",
  Conv2d: "conv",
  ConvTranspose2d: "deconv",
  Linear: "fc",
  MaxPool2d: "pool",
  AvgPool2d: "pool",
  AdaptiveAvgPool2d: "gap",
  BatchNorm1d: "bn",
  BatchNorm2d: "bn",
  LayerNorm: "ln",
  Dropout: "drop",
  Dropout2d: "drop",
  Flatten: "flat",
};

/** A prefix for ids of a layer type: "conv" for Conv2d, else the lowercase type name. */
export function idPrefix(type: string): string {
  const prefix = PREFIXES[type] ?? type.toLowerCase().replace(/[^a-z0-9_]/g, "");
  return LAYER_ID_PATTERN.test(prefix) ? prefix : "layer";
}

/** The first of prefix1, prefix2, … that no layer uses yet. */
export function freshLayerId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const prefix = idPrefix(type);
  for (let n = 1; ; n++) {
    if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
  }
}
