// "Make an image dataset": a button beside the dataset list that opens a dialog in which a person
// names classes and gives each pictures, as in Teachable Machine; the result is picked at once.
import { useRef, useState } from "react";
import type { Catalog, DatasetRecord } from "../../api/types";
import { useSelectWhenListed } from "../useSelectWhenListed";
import { ImageSetForm } from "./ImageSetForm";
import "./makeset.css";

interface Props {
  catalog: Pick<Catalog, "datasets" | "upload_bounds" | "upload_limits">;
  onAdded: (dataset: DatasetRecord) => void;
  onSelect: (name: string) => void;
}

export function MakeImageDataset({ catalog, onAdded, onSelect }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false); // the form keeps its pictures once made, open or closed
  const selectWhenListed = useSelectWhenListed(catalog.datasets, onSelect);
  const close = () => dialog.current?.close();

  return (
    <>
      <button
        type="button"
        className="make-open"
        data-testid="make-dataset"
        onClick={() => {
          setOpen(true);
          setOpened(true);
          dialog.current?.showModal();
        }}
      >
        Make an image dataset
      </button>
      <dialog ref={dialog} className="make-dataset" aria-labelledby="make-title" data-testid="make-dialog" onClose={() => setOpen(false)}>
        <header>
          <h2 id="make-title">Make an image dataset</h2>
          <button type="button" className="icon" aria-label="Close" onClick={close}>
            ×
          </button>
        </header>
        <p className="hint">
          Name a class for each kind of picture and give each class pictures: choose them, drop them on the class, or record them with the
          webcam. Then create the dataset and train on it.
        </p>
        {opened && (
          <ImageSetForm
            catalog={catalog}
            open={open}
            onCancel={close}
            onCreated={(record) => {
              onAdded(record);
              selectWhenListed(record.name);
              close();
            }}
          />
        )}
      </dialog>
    </>
  );
}
