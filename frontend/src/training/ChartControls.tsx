// The controls a loss chart offers beside its title, shared by a run's loss chart and the runs
// page's comparison: a log scale, and the x axis (step, epoch or time).
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
