// Above the compared runs' charts: the settings they differ in, a row each and a column a run in
// its line's colour (on a phone, a line a run), or a line saying that they differ in none.
import type { RunInfo } from "../../api/types";
import { cssColor } from "../chartTheme";
import { runName } from "./runList";
import { settingsDiff, type LayerDefaults } from "./settingsDiff";

interface Props {
  runs: RunInfo[];
  colourOf: (id: string) => string | undefined;
  layerDefaults: LayerDefaults;
}

export function SettingsDiffTable({ runs, colourOf, layerDefaults }: Props) {
  if (runs.length < 2) return null;
  const diff = settingsDiff(runs, layerDefaults);
  if (diff.length === 0)
    return (
      <p className="muted settings-diff-same" data-testid="settings-diff-none">
        All settings are the same.
      </p>
    );
  return (
    <div className="settings-diff">
      {/* Columns of one width, each run's at least 11em: one long name took all the width. */}
      <table data-testid="settings-diff" style={{ minWidth: `calc(9em + ${runs.length} * 11em)` }}>
        <caption>Settings that differ</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {runs.map((run) => (
              <th scope="col" key={run.id}>
                <span className="swatch" style={{ background: cssColor(colourOf(run.id) ?? "") }} />
                {runName(run)} <code>{run.id.slice(0, 6)}</code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {diff.map(({ setting, values }) => (
            <tr key={setting}>
              <th scope="row">{setting}</th>
              {values.map((value, i) => (
                <td key={runs[i]!.id}>{value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {/* On a phone, a line a run: the table's columns ran past the screen, out of view. */}
      <div className="settings-diff-list" data-testid="settings-diff-list">
        <p className="settings-diff-title">Settings that differ</p>
        <ul>
          {runs.map((run, i) => (
            <li key={run.id}>
              <span className="swatch" style={{ background: cssColor(colourOf(run.id) ?? "") }} />
              <strong>{runName(run)}</strong> <code>{run.id.slice(0, 6)}</code>:{" "}
              {diff.map(({ setting, values }) => `${setting} ${values[i]}`).join(" · ")}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
