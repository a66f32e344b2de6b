// TensorFlow Playground's data controls for a 2-D set: noise, ratio of training data, features.
import type { Catalog, DatasetSpec } from "../api/types";
import type { DatasetOptions, Feature } from "./planeOptions";
import "./planeOptions.css";

interface Props {
  /** The set's defaults, from its catalogue entry. */
  plane: NonNullable<DatasetSpec["plane"]>;
  choices: Catalog["dataset_options"];
  options: DatasetOptions | null | undefined;
  onChange: (options: DatasetOptions) => void;
}

export function PlaneOptions({ plane, choices, options, onChange }: Props) {
  const noise = options?.noise ?? plane.noise;
  const share = options?.train_share ?? plane.train_share;
  const features = options?.features ?? plane.features;
  const { noise: noiseBounds, train_share: shareBounds } = choices.bounds;
  const set = (change: DatasetOptions) => onChange({ ...options, ...change });
  const toggle = (name: Feature, on: boolean) => {
    const next = choices.features.map((f) => f.name).filter((f) => (f === name ? on : features.includes(f)));
    if (next.length > 0) set({ features: next }); // the network needs one input at least
  };
  return (
    <fieldset className="plane-options" data-testid="plane-options">
      <legend>Data, as in TensorFlow Playground</legend>
      <label className="plane-slider">
        <span>Ratio of training data: {share} %</span>
        <input type="range" data-testid="train-share" min={shareBounds?.min ?? 10} max={shareBounds?.max ?? 90} step={5} value={share} onChange={(e) => set({ train_share: Number(e.target.value) })} />
      </label>
      <label className="plane-slider">
        <span>Noise: {noise} %</span>
        <input type="range" data-testid="noise" min={noiseBounds?.min ?? 0} max={noiseBounds?.max ?? 50} step={1} value={noise} onChange={(e) => set({ noise: Number(e.target.value) })} />
      </label>
      <div className="plane-features" role="group" aria-label="Features">
        <span>Features</span>
        {choices.features.map((f) => {
          const last = features.length === 1 && features.includes(f.name); // unchecked, it left none
          return (
            <label key={f.name}>
              <input type="checkbox" data-testid={`plane-feature-${f.name}`} checked={features.includes(f.name)} disabled={last} onChange={(e) => toggle(f.name, e.target.checked)} />
              {f.label}
            </label>
          );
        })}
        {/* Said, not only in a hover title: the last box refused to uncheck with no word why. */}
        {features.length === 1 && (
          <small className="muted" data-testid="plane-features-one">
            One at least: the network needs an input. Tick another to drop this one.
          </small>
        )}
      </div>
    </fieldset>
  );
}
