// A sequence sample (C, L) as Try it takes it: a field's name for each value, pasted text read as
// its C × L numbers (channel 1's steps first, as the model reads them flattened), and its plot.
import type { SequencePlot } from "../api/types";

// Drawn whole up to this many steps, as the server's sample plots are; past it each of
// MOST_STEPS / 2 stretches by its lowest and highest, the earlier first, so a spike shows. The
// twin of backend/torchcanvas/training/data/sequence_plot.py, for values typed here: keep the two
// in step.
const MOST_STEPS = 256;
// Channels drawn: more lines than this on a small plot is a tangle (the server's limit too).
export const MOST_CHANNELS = 4;

/** 1,500, as the page writes its counts. */
export const counted = (n: number) => n.toLocaleString("en-US");

/** "step 1" … "step 32" for one channel; "ch 1 step 1" … for more, channel by channel. */
export function stepNames(channels: number, steps: number): string[] {
  return Array.from({ length: channels * steps }, (_, i) => {
    const step = `step ${(i % steps) + 1}`;
    return channels === 1 ? step : `ch ${Math.floor(i / steps) + 1} ${step}`;
  });
}

/** What the numbers are: "32 steps", or "2 channels of 16 steps, channel 1's first". */
export function sequenceWords(channels: number, steps: number): string {
  const each = `${counted(steps)} step${steps === 1 ? "" : "s"}`;
  return channels === 1 ? each : `${channels} channels of ${each}, channel 1's first`;
}

export type Pasted = { values: number[] } | { problem: string };

const SEPARATORS = "commas, spaces or new lines between them";
// A decimal number as Python prints one: 12, -0.5, .5, 1e-3 (1e999, too large, is refused below).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The numbers in pasted text: separated by commas, semicolons, spaces or new lines, a list's
 * brackets left out ("[0.1, -0.5]" as Python prints one), a typographic minus (−0.5) read as one;
 * or what is wrong with it, saying what to paste. */
export function readPasted(text: string, channels: number, steps: number): Pasted {
  const count = channels * steps;
  const tokens = text
    // NumPy's and torch's printed arrays: array([…]), np.array([…]), tensor([…], dtype=…,
    // device='cuda:0', requires_grad=True), grad_fn=<AddBackward0>
    .replace(/\b(np\.|numpy\.|torch\.)?(array|tensor)\s*\(/g, " ")
    .replace(/\b[a-z_]+\s*=\s*(<[^>]*>|'[^']*'|"[^"]*"|[\w.:]+)/gi, " ")
    .replace(/[[\](){}]/g, " ")
    .replace(/\u2212/g, "-")
    .split(/[\s,;]+/)
    .filter((token) => token !== "");
  if (tokens.length === 0) return { problem: `Paste ${counted(count)} numbers first, with ${SEPARATORS}.` };
  // Decimal numbers only: Number() reads "0x10" as 16 and "" as 0.
  const values = tokens.map((token) => (DECIMAL.test(token) ? Number(token) : Number.NaN));
  const bad = tokens.findIndex((_, i) => !Number.isFinite(values[i]));
  if (bad >= 0) {
    const what = Number.isNaN(values[bad]) ? "not a number" : "too large to be a number the model takes";
    return { problem: `“${tokens[bad]}” (number ${bad + 1}) is ${what}: paste numbers only, with ${SEPARATORS}.` };
  }
  if (values.length !== count)
    return { problem: `That is ${counted(values.length)} number${values.length === 1 ? "" : "s"}; the model takes ${counted(count)}: ${sequenceWords(channels, steps)}.` };
  return { values };
}

/** The values (C × L, channel by channel) as a plot draws them: the first MOST_CHANNELS channels,
 * all their steps up to MOST_STEPS, else the lowest and highest of each stretch. */
export function sequencePlot(values: readonly number[], channels: number, steps: number): SequencePlot {
  const rows = Array.from({ length: Math.min(channels, MOST_CHANNELS) }, (_, c) => values.slice(c * steps, (c + 1) * steps));
  return { steps, channels: steps > MOST_STEPS ? rows.map((row) => lowestAndHighest(row, MOST_STEPS / 2)) : rows };
}

/** Each of `stretches` equal stretches of `row` by its lowest and highest value, the earlier first. */
function lowestAndHighest(row: number[], stretches: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < stretches; s++) {
    const part = row.slice(Math.floor((s * row.length) / stretches), Math.floor(((s + 1) * row.length) / stretches));
    let [low, high] = [0, 0];
    part.forEach((v, i) => ((low = v < part[low]! ? i : low), (high = v > part[high]! ? i : high)));
    out.push(part[Math.min(low, high)]!, part[Math.max(low, high)]!);
  }
  return out;
}
