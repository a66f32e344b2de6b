// A link to an upload's own file, the one its runs' scripts read: for its owner, who may never have
// had it (a dataset made in the browser) or no longer has it.
import { formatBytes } from "../editor/formatBytes";
import { useDatasetFile } from "./datasetFile";
import "./datasetFile.css";

interface Props {
  datasetId: string | null | undefined;
  /** The words before the file's name and size. */
  label: string;
  className?: string;
  /** The size on its own at the row's end, as the model page's other downloads show theirs. */
  sizeApart?: boolean;
}

export function DatasetFileLink({ datasetId, label, className, sizeApart = false }: Props) {
  const file = useDatasetFile(datasetId);
  if (!file) return null;
  const size = file.size === null ? "" : formatBytes(file.size);
  return (
    <a className={className ?? "dataset-file"} href={file.url} download={file.name} data-testid="download-dataset-file" title="What the run's training script reads: python script.py FILE">
      {sizeApart ? (
        <>
          {label} ({file.name}) <span className="file-size">{size}</span>
        </>
      ) : (
        <>
          {label} ({file.name}
          {size && `, ${size}`})
        </>
      )}
    </a>
  );
}
