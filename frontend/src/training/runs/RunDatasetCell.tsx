// A run's dataset in the runs table, with the 2-D set's options and the augmentations it trained with.
import { Fragment } from "react";
import type { RunInfo } from "../../api/types";
import { datasetTitle } from "./runList";
import { augmentationText, nameWords } from "../augmentations";
import { optionsText } from "../planeOptions";

export function RunDatasetCell({ run }: { run: RunInfo }) {
  const augmented = augmentationText(run.training.augmentations);
  const dataOptions = optionsText(run.training.dataset_options);
  return (
    <td className="runs-wrap runs-dataset">
      {datasetTitle(run)}
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
