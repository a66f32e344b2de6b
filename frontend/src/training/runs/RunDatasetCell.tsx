// A run's dataset in the runs table (with the start of its id where two share a title), the 2-D
// set's options and the augmentations it trained with.
import { Fragment } from "react";
import type { RunInfo } from "../../api/types";
import { datasetTitle } from "./runList";
import { augmentationText, nameWords } from "../augmentations";
import { optionsText } from "../planeOptions";

/** A title cut after each space, _ or -: where a file's name may break without breaking a word. */
export function breakPoints(title: string): string[] {
  return title.split(/(?<=[\s_-])/);
}

export function RunDatasetCell({ run, tag }: { run: RunInfo; tag: string }) {
  const augmented = augmentationText(run.training.augmentations);
  const dataOptions = optionsText(run.training.dataset_options);
  return (
    // A run from before titles were kept shows its dataset's id, which may break anywhere.
    <td className={run.dataset_title == null ? "runs-wrap runs-dataset is-id" : "runs-wrap runs-dataset"}>
      {breakPoints(datasetTitle(run)).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
      {tag && (
        <span className="runs-dataset-id muted" title={`Dataset ${run.training.dataset}: another of your datasets has this title`} data-testid={`run-dataset-id-${run.id}`}>
          {" "}
          · {tag}
        </span>
      )}
      {dataOptions && (
        <small className="runs-augmented muted" data-testid={`run-data-options-${run.id}`}>
          {dataOptions}
        </small>
      )}
      {augmented && (
        <small className="runs-augmented muted" title={`Augmented: ${augmented}`} data-testid={`run-augmented-${run.id}`}>
          +{" "}
          {Object.keys(run.training.augmentations ?? {}).map((augmentation, i) => (
            <Fragment key={augmentation}>
              {i > 0 && ", "}
              {nameWords(augmentation).map((word, j) => (
                <Fragment key={j}>
                  {j > 0 && <wbr />}
                  {word}
                </Fragment>
              ))}
            </Fragment>
          ))}
        </small>
      )}
    </td>
  );
}
