// A look at the chosen dataset before training: shapes, class counts, sample rows, images or sequences.
import { useEffect, useState } from "react";
import { client, unwrap } from "../api/client";
import { CodeText } from "../editor/CodeText";
import type { DatasetPreview as DatasetPreviewData, DatasetSpec, PreviewQuery } from "../api/types";
import { optionsQuery, type DatasetOptions } from "./planeOptions";
import { DownloadNote } from "./DownloadNote";
import { PlaneScatter } from "./PlaneScatter";
import { PreviewTestShare } from "./PreviewTestShare";
import { SequenceSamples } from "./sequences/SequenceSamples";
import { pictureWords } from "./uploadForm";
import "./datasets.css";

const shape = (dims: number[]) => `(${dims.join(", ")})`;

/** `options`: a 2-D set's noise, training share and features, which the preview follows;
 * `testFraction`: the share of the training part a run keeps apart as its test set, and
 * `maxTestFraction` the setting's bound (the catalogue's). */
export function DatasetPreview({ dataset, options, testFraction = 0, maxTestFraction }: { dataset: DatasetSpec | undefined; options?: DatasetOptions | null; testFraction?: number; maxTestFraction: number }) {
  const [preview, setPreview] = useState<DatasetPreviewData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = dataset?.name;
  const available = dataset?.available !== false;
  // A 2-D set's points mark the test rows a run with this share keeps apart, another set's preview
  // says how many (one out of the setting's bounds is said under its field: the preview then marks none).
  const share = testFraction > 0 && testFraction <= maxTestFraction ? testFraction : 0;
  const query: PreviewQuery | undefined = dataset?.plane ? { ...optionsQuery(options), ...(share ? { test_fraction: share } : {}) } : undefined;
  const queryKey = JSON.stringify(query ?? null);

  useEffect(() => {
    setError(null);
    if (!name || !available) return setPreview(null);
    let live = true;
    const params = { path: { dataset_id: name }, query: JSON.parse(queryKey) as PreviewQuery | undefined };
    unwrap(client.GET("/api/datasets/{dataset_id}/preview", { params })).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [name, available, queryKey]);

  if (!dataset) return null;
  if (!available) {
    // An upload is unavailable only when damaged: its help says what to do.
    return dataset.source === "upload" ? (
      <p className="hint">
        <CodeText text={dataset.help} />
      </p>
    ) : (
      <DownloadNote name={dataset.name} />
    );
  }
  if (error)
    return (
      <p className="upload-error">
        <CodeText text={error} />
      </p>
    );
  if (!preview || preview.info.name !== name) return null;
  const [, channels, height, width] = preview.x_shape; // (N, C, H, W) for pictures
  const pictures = preview.images && width !== undefined && (channels === 1 || channels === 3) ? pictureWords(channels, height ?? 0, width) : null;
  return (
    <>
      {preview.points && <PlaneScatter points={preview.points} classes={preview.info.classes ?? []} />}
      <details className="options dataset-preview" data-testid="dataset-preview">
        <summary>Preview</summary>
        <p className="hint" data-testid="preview-shapes">
          x {shape(preview.x_shape)}, y {shape(preview.y_shape)}
          {pictures && <span data-testid="preview-pictures">: each picture {pictures}</span>}
        </p>
        {/* A 2-D set's scatter draws its test rows apart; any other set's are said here. */}
        {!preview.points && <PreviewTestShare train={preview.x_shape[0] ?? 0} share={share} />}
        {preview.class_counts && (
          <table className="class-counts" data-testid="class-counts">
            <thead>
              <tr>
                <th>class</th>
                <th>train</th>
                <th>val</th>
              </tr>
            </thead>
            <tbody>
              {preview.class_counts.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>{c.train}</td>
                  <td>{c.val}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {preview.images && (
          <div className="thumbnails" data-testid="preview-images">
            {preview.images.map((image, i) => (
              <figure key={i}>
                <img src={image.png} alt={image.label} />
                <figcaption>{image.label}</figcaption>
              </figure>
            ))}
          </div>
        )}
        {preview.sequences && <SequenceSamples sequences={preview.sequences} channels={channels ?? 1} />}
        {preview.rows && preview.columns && (
          <div className="sample-rows">
            <table data-testid="preview-rows">
              <thead>
                <tr>
                  {preview.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </>
  );
}
