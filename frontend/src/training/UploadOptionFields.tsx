// The upload form's choices beside the file, those that fit its kind; numbers checked against the server's bounds.
import type { Catalog, NumberBounds } from "../api/types";
import { CodeText } from "../editor/CodeText";
import { LeaveOutColumns } from "./LeaveOutColumns";
import { NumberField } from "./NumberField";
import { pictureWords, type UploadChoices } from "./uploadForm";
import type { FieldProblems } from "./useFieldProblems";

/** What the form read of a CSV's header and first rows. */
export interface CsvColumns {
  /** The named columns: the Target list, and the columns that can be left out. */
  columns: string[];
  /** Why the form ticked a column to leave out when the file was chosen. */
  reasons: ReadonlyMap<string, string>;
  /** The columns that hold text, and why: the server refuses any of them as a feature. */
  texts: ReadonlyMap<string, string>;
  /** What becomes of each column with no name. */
  notes: string[];
  /** The named columns with a missing value in the first rows. */
  missing: ReadonlySet<string>;
}

interface Props {
  /** csv, npz or zip: which choices apply. */
  kind: string;
  csv: CsvColumns;
  choices: UploadChoices;
  choose: (change: Partial<UploadChoices>) => void;
  /** The catalogue's upload_bounds: what the server's check of the form accepts. */
  bounds: Catalog["upload_bounds"];
  /** Where each number says what is wrong with it; Upload waits for them all. */
  problems: FieldProblems;
}

const boundsOf = (bounds: Catalog["upload_bounds"], key: string, integer: boolean): NumberBounds =>
  bounds[key] ?? { integer, min_exclusive: false, max_exclusive: false };

export function UploadOptionFields({ kind, csv, choices, choose, bounds, problems }: Props) {
  const channels = choices.color === "rgb" ? 3 : 1;
  const gaps = [...csv.missing].filter((column) => column === choices.target || !choices.drop.includes(column));
  return (
    <>
      {kind === "csv" && (
        <>
          <label className="field">
            <span>Target column</span>
            <select aria-label="Target column" data-testid="upload-target" value={choices.target} onChange={(e) => choose({ target: e.target.value })}>
              {csv.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <LeaveOutColumns
            columns={csv.columns}
            target={choices.target}
            drop={choices.drop}
            reasons={csv.reasons}
            texts={csv.texts}
            notes={csv.notes}
            onChange={(drop) => choose({ drop })}
            onProblem={problems.reporter("Leave out")}
          />
          <label className="check-field">
            <input type="checkbox" data-testid="upload-drop-missing" checked={choices.dropMissing} onChange={(e) => choose({ dropMissing: e.target.checked })} />
            <span>Leave out rows with missing values</span>
          </label>
          {gaps.length > 0 && !choices.dropMissing ? (
            <p className="hint is-warning" data-testid="upload-missing-hint">
              <CodeText text={`Some of the first rows have missing values in ${gaps.map((column) => `\`${column}\``).join(", ")}: tick this to leave those rows out, or the upload is refused.`} />
            </p>
          ) : (
            <p className="hint">An empty cell, NA, NaN or ? among the features or the target: unticked, the upload is refused and names the first.</p>
          )}
        </>
      )}
      {kind === "zip" && (
        <>
          <div className="field-row">
            <NumberField
              label="Image size"
              testId="upload-image-size"
              help="Images are resized to this many pixels a side"
              value={choices.imageSize}
              bounds={boundsOf(bounds, "image_size", true)}
              onChange={(value) => value !== null && choose({ imageSize: value })}
              onProblem={problems.reporter("Image size")}
            />
            <label className="field">
              <span>Colour</span>
              <select aria-label="Colour" data-testid="upload-color" value={choices.color} onChange={(e) => choose({ color: e.target.value as UploadChoices["color"] })}>
                <option value="rgb">colour</option>
                <option value="grayscale">grey</option>
              </select>
            </label>
          </div>
          <p className="hint" data-testid="upload-zip-becomes">
            Each picture becomes {pictureWords(channels, choices.imageSize, choices.imageSize)}: the network takes ({channels},{" "}
            {choices.imageSize}, {choices.imageSize}).
          </p>
        </>
      )}
      <div className="field-row">
        <label className="field">
          <span>Task</span>
          <select aria-label="Task" data-testid="upload-task" value={choices.task} onChange={(e) => choose({ task: e.target.value as UploadChoices["task"] })}>
            <option value="auto">guess from the target</option>
            <option value="classification">classification</option>
            <option value="regression">regression</option>
          </select>
        </label>
        <NumberField
          label="Validation share"
          testId="upload-val-fraction"
          help="Share of samples kept for validation, split once with a fixed seed"
          step={0.05}
          value={choices.valFraction}
          bounds={boundsOf(bounds, "val_fraction", false)}
          onChange={(value) => value !== null && choose({ valFraction: value })}
          onProblem={problems.reporter("Validation share")}
        />
      </div>
    </>
  );
}
