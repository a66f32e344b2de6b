// The controls a loss chart offers beside its title, shared by a run's loss chart and the runs
// page's comparison: a log scale, smoothing, and the x axis (step, epoch or time).
import type { XAxis } from "./chartView";

/** `chart`: the chart's title, in the control's name, as two charts have one each ("Log scale" twice). */
export function LogScaleToggle({ checked, onChange, testId, chart }: { checked: boolean; onChange: (log: boolean) => void; testId: string; chart: string }) {
  return (
    <label title="A log scale shows the loss still falling after the first steps">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} aria-label={`Log scale, ${chart}`} />
      Log scale
    </label>
  );
}

interface XAxisProps {
  /** The chart's title, in the control's name (it was "x"). */
  chart: string;
  value: XAxis;
  choices: XAxis[];
  onChange: (x: XAxis) => void;
  testId: string;
}

export function XAxisSelect({ chart, value, choices, onChange, testId }: XAxisProps) {
  return (
    <label>
      x
      <select value={value} onChange={(e) => onChange(e.target.value as XAxis)} data-testid={testId} aria-label={`x axis, ${chart}`}>
        {choices.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
    </label>
  );
}

interface SmoothingProps {
  /** The EMA weight, 0 (raw) to 0.99 (chartView.ts's ChartView.smoothing). */
  value: number;
  onChange: (smoothing: number) => void;
  /** The chart's title, in the control's name, as the page may have two sliders. */
  chart: string;
  /** The slider's test id; its value's is `${testId}-value`. */
  testId: string;
}

export function SmoothingSlider({ value, onChange, chart, testId }: SmoothingProps) {
  return (
    <label title="Exponential moving average, as TensorBoard's smoothing">
      Smoothing
      <input type="range" min={0} max={0.99} step={0.01} value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId} aria-label={`Smoothing, ${chart}`} />
      <output data-testid={`${testId}-value`}>{value.toFixed(2)}</output>
    </label>
  );
}
