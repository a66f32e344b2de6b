// A whole design in a link: #design=<base64url of the deflated JSON {dataset, dataset_title?, design, init_from?, training?, based_on?}>.
import type { Design, TrainingSettings } from "../api/types";
import { parseDesign } from "./designFile";

const PREFIX = "#design=";

/** The training settings a link may carry besides its dataset (Open in editor on a model page);
 * never a range test's, which would make the editor's Train a range test too. */
export type LinkedSettings = Partial<Omit<TrainingSettings, "dataset" | "init_from" | "range_test">>;

type Kind = "string" | "number" | "boolean" | "object" | "string?" | "number?" | "object?" | "strings";

/** Each setting a link may set, and the JSON it must be (`?`: or null): one entry for each field of
 * the generated TrainingSettings but the dataset and init_from, so a new setting cannot be forgotten. */
const SETTING_KINDS: { [K in keyof Required<LinkedSettings>]: Kind } = {
  loss: "string", optimizer: "string", device: "string", lr: "number", epochs: "number", batch_size: "number",
  seed: "number", loss_params: "object", optimizer_params: "object", scheduler_params: "object", augmentations: "object",
  scheduler: "string?", clip_grad_norm: "number?", early_stopping_patience: "number?", restore_best_weights: "boolean",
  precision: "string", channels_last: "boolean", compile_model: "boolean", cudnn_benchmark: "boolean",
  dataset_options: "object?", test_fraction: "number",
  frozen: "strings",
};

function fits(kind: Kind, value: unknown): boolean {
  if (value === null) return kind.endsWith("?");
  if (kind === "strings") return Array.isArray(value) && value.every((item) => typeof item === "string");
  const base = kind.replace("?", "");
  if (base === "object") return typeof value === "object" && !Array.isArray(value);
  if (base === "number") return typeof value === "number" && Number.isFinite(value);
  return typeof value === base;
}

export interface LinkedDesign {
  design: Design;
  dataset: string | null;
  /** The run whose trained weights a run of this design starts from (Open in editor on a model page). */
  initFrom: string | null;
  /** Settings to train with; the server checks them when the run starts. */
  training: LinkedSettings | null;
  /** The dataset's name as people read it (an upload's file name), for saying which one is missing. */
  datasetTitle: string | null;
  /** The run this design was opened from (its page's Open in editor): the next run is compared with it. */
  basedOn: string | null;
}

/** A run's id, as the server makes them: 16 hex digits. */
const RUN_ID = /^[0-9a-f]{16}$/;

/** Only the settings a link may set, each of the right kind; anything else in it is left out. */
function linkedSettings(value: unknown): LinkedSettings | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const given = value as Record<string, unknown>;
  const kept = Object.fromEntries(
    Object.entries(SETTING_KINDS).filter(([key, kind]) => key in given && fits(kind, given[key])).map(([key]) => [key, given[key]]),
  );
  return Object.keys(kept).length ? (kept as LinkedSettings) : null;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const plain = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

/** The page's URL with the design, the dataset's name and, if given, its title, the run to start
 * from, the settings to train with and the run it was opened from in its fragment. */
export async function designLink(
  design: Design,
  dataset: string,
  initFrom: string | null = null,
  training: LinkedSettings | null = null,
  datasetTitle: string | null = null,
  basedOn: string | null = null,
): Promise<string> {
  const settings = linkedSettings(training);
  const data = {
    dataset,
    ...(datasetTitle ? { dataset_title: datasetTitle } : {}),
    design,
    ...(initFrom ? { init_from: initFrom } : {}),
    ...(settings ? { training: settings } : {}),
    ...(basedOn ? { based_on: basedOn } : {}),
  };
  const json = new TextEncoder().encode(JSON.stringify(data));
  const packed = await pipe(json, new CompressionStream("deflate-raw"));
  const url = new URL(window.location.href);
  url.hash = "";
  return `${url.toString().replace(/#$/, "")}${PREFIX}${toBase64Url(packed)}`;
}

/** The design in a URL fragment, null when there is none; throws an Error saying what is wrong. */
export async function readDesignLink(hash: string): Promise<LinkedDesign | null> {
  if (!hash.startsWith(PREFIX)) return null;
  let text: string;
  try {
    text = new TextDecoder().decode(await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw")));
  } catch {
    throw new Error("This link's design is damaged (it could not be unpacked): copy the whole link again.");
  }
  let data: { dataset?: unknown; dataset_title?: unknown; design?: unknown; init_from?: unknown; training?: unknown; based_on?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new Error("This link's design is not valid JSON: copy the whole link again.");
  }
  const design = parseDesign(JSON.stringify(data.design ?? null), "The linked design");
  return {
    design,
    dataset: typeof data.dataset === "string" ? data.dataset : null,
    initFrom: typeof data.init_from === "string" && data.init_from ? data.init_from : null,
    training: linkedSettings(data.training),
    datasetTitle: typeof data.dataset_title === "string" && data.dataset_title ? data.dataset_title : null,
    basedOn: typeof data.based_on === "string" && RUN_ID.test(data.based_on) ? data.based_on : null,
  };
}
