// The ONNX download with its opset: the newest by default, an older one for the TensorRT and
// OpenCV builds that read only 13 to 17. Each opset is its own file on the server (`?opset=N`),
// made on its first download, so the link is a new one for each choice.
import { useId, useState } from "react";
import type { ModelView } from "../api/types";
import { DownloadLink } from "./DownloadLink";

type ModelFile = ModelView["files"][number];

/** `opsets`: the ones the server writes, oldest first; the last is its default. */
export function OnnxDownload({ file, opsets }: { file: ModelFile; opsets: number[] }) {
  const newest = opsets[opsets.length - 1];
  const [opset, setOpset] = useState(newest);
  const hint = useId();
  if (file.unavailable || newest === undefined) return <DownloadLink file={file} />;
  const chosen = opset === newest ? file : { ...file, url: `${file.url}?opset=${opset}`, size: null };
  return (
    <div className="onnx-download">
      <div className="onnx-link">
        <DownloadLink key={chosen.url} file={chosen} />
      </div>
      <label className="onnx-opset" title="Older opsets for TensorRT or OpenCV builds that read only 13 to 17">
        Opset
        <select value={opset} onChange={(e) => setOpset(Number(e.target.value))} aria-describedby={hint} data-testid="onnx-opset">
          {opsets.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <span id={hint} className="visually-hidden">
        The ONNX file's opset, {newest} (the newest) unless chosen: choose an older one for TensorRT or OpenCV builds that read only 13 to 17.
      </span>
    </div>
  );
}
