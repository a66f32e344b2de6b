// Which dataset an opened design trains on, and its input shape to match. The editor has no control
// for input_shape (the dataset gives it), so when the two disagree the dataset wins, and we say so.
import type { DatasetSpec, Design } from "../api/types";
import { formatShape } from "../editor/format";

export interface Placed {
  design: Design;
  dataset: DatasetSpec | undefined;
  /** What changed that the user did not ask for, in words; null when nothing did. */
  notice: string | null;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.join() === b.join();

/** Why the dataset a design names is not here: an upload is listed only in the browser that made it. */
function goneText(named: string, title: string | null): string {
  if (!named.startsWith("upload-")) return `The dataset \`${named}\` is not here any more. `;
  return `The dataset \`${title ?? named}\` is not among this browser's uploads (an upload stays with the browser that made it, until deleted): upload the file here to train on it. `;
}

/**
 * The dataset `named` when it is here; else the current one if its samples fit the design; else
 * the first whose samples do; else the current one, with the design's input_shape set to it.
 */
export function placeOnDataset(
  design: Design,
  datasets: DatasetSpec[],
  current: DatasetSpec | undefined,
  named: string | null = null,
  namedTitle: string | null = null,
): Placed {
  const fits = (d: DatasetSpec | undefined) => d !== undefined && sameShape(d.sample_shape, design.input_shape);
  const wanted = named === null ? undefined : datasets.find((d) => d.name === named);
  const dataset = wanted ?? (fits(current) ? current : (datasets.find(fits) ?? current));
  if (!dataset) return { design, dataset, notice: null };
  const gone = named !== null && !wanted ? goneText(named, namedTitle) : "";
  if (sameShape(dataset.sample_shape, design.input_shape)) {
    const told = gone !== "" || (dataset !== current && !wanted);
    const notice = `${gone}The design trains on ${dataset.title}, whose samples are ${formatShape(design.input_shape)} like its input.`;
    return { design, dataset, notice: told ? notice : null };
  }
  const was = formatShape(design.input_shape);
  const now = formatShape(dataset.sample_shape);
  const why = wanted ? `${dataset.title} has samples of ${now}` : `no dataset here has samples of ${was}`;
  // A design made for the user's own data: the way back to it is an upload (a gone one is said above).
  const next = wanted || gone ? "Check its first layers." : `Check its first layers, or upload a dataset whose samples are ${was} to train it as it was.`;
  return {
    design: { ...design, input_shape: dataset.sample_shape },
    dataset,
    notice: `${gone}The design's input was ${was}, but ${why}: it now takes ${dataset.title}'s ${now}. ${next}`,
  };
}
