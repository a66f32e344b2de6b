// The design's name, and the buttons that save it to a file and load it from one.
import { useState } from "react";
import type { Design } from "../api/types";
import { downloadDesign, parseDesign } from "./designFile";

interface Props {
  design: Design;
  onNameChange: (name: string) => void;
  onLoad: (design: Design) => void;
  /** Start over: an empty design on the default settings. */
  onNew: () => void;
}

export function DesignFileButtons({ design, onNameChange, onLoad, onNew }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<string | null>(null);

  const load = async (file: File) => {
    setError(null);
    setLoaded(null);
    try {
      const next = parseDesign(await file.text(), file.name);
      onLoad(next);
      setLoaded(`Loaded ${file.name}: ${next.layers.length} ${next.layers.length === 1 ? "layer" : "layers"}.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="design-file">
      <label className="name-field">
        <span>Design name</span>
        <input data-testid="design-name" value={design.name} spellCheck={false} onChange={(e) => onNameChange(e.target.value)} />
      </label>
      <button data-testid="new-design" title="Start over with an empty design (Undo brings it back)" onClick={onNew}>
        New design
      </button>
      <button data-testid="download-design" onClick={() => downloadDesign(design)}>
        Download design
      </button>
      <label className="button file-button">
        Load design
        <input
          type="file"
          accept=".json,application/json"
          data-testid="load-design"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void load(file);
          }}
        />
      </label>
      {error && (
        <p className="file-error" role="alert" data-testid="load-error">
          {error}
        </p>
      )}
      {loaded && !error && (
        <p className="file-ok muted" data-testid="load-ok">
          {loaded}
        </p>
      )}
    </div>
  );
}
