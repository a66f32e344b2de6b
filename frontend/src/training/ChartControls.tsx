// The controls a loss chart offers beside its title, shared by a run's loss chart and the runs
// page's comparison: a log scale, and the x axis (step, epoch or time).
import type { XAxis } from "./chartView";

export function LogScaleToggle({ checked, onChange, testId }: { checked: boolean; onChange: (log: boolean) => void; testId: string }) {
  return (
    <label title="A log scale shows the loss still falling after the first steps">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      Log scale
    </label>
  );
}

interface XAxisProps {
  value: XAxis;
  choices: XAxis[];
  onChange: (x: XAxis) => void;
  testId: string;
}

export function XAxisSelect({ value, choices, onChange, testId }: XAxisProps) {
  return (
    <label>
      x
      <select value={value} onChange={(e) => onChange(e.target.value as XAxis)} data-testid={testId}>
        {choices.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
    </label>
  );
}
