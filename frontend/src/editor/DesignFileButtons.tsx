// The design's name, and the buttons that save it to a file and load it from one.
import { useEffect, useState } from "react";
import type { Design, DesignError } from "../api/types";
import { datasetFileText, downloadDesign, parseDesign } from "./designFile";
import { CodeText } from "./CodeText";
import { DesignNameField } from "./DesignNameField";

interface Props {
  design: Design;
  /** The errors the server found in `design`; null while it is being checked. */
  errors: DesignError[] | null;
  /** The undo step on screen (useDesign's `step`): back at the one before a load, the load was undone. */
  step: object;
  onNameChange: (name: string) => void;
  onLoad: (design: Design) => void;
  /** Start over: an empty design on the default settings. */
  onNew: () => void;
}

/** A file loaded: its name and layers, and once checked, its errors (counted once, not as it is edited). */
interface Loaded {
  name: string;
  layers: number;
  /** The design on screen before it: the first check of another design is the file's. */
  before: Design;
  beforeStep: object;
  /** The undo step the load made; null until it is on screen. */
  step: object | null;
  errors: number | null;
}

/** The problems to fix: a cycle's one message stands on each of its layers, and counts once. */
function problemCount(errors: DesignError[]): number {
  return new Set(errors.map((e) => e.message)).size;
}

function loadedText({ name, layers, errors }: Loaded): string {
  const told = `Loaded ${name}: ${layers} ${layers === 1 ? "layer" : "layers"}`;
  // "Loaded" alone read as all well when the file's design had errors further down the page.
  if (errors === null) return `${told}; checking it…`; // "Loaded" alone would read as all well
  return errors ? `${told}, with ${errors} ${errors === 1 ? "error" : "errors"} to fix below.` : `${told}.`;
}

export function DesignFileButtons({ design, errors, step, onNameChange, onLoad, onNew }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!loaded) return;
    // Undone, the message would describe a file no longer on screen, above the design it replaced;
    // edited since, it is news no more, and stayed in the top bar for good.
    if (step === loaded.beforeStep || (loaded.step !== null && step !== loaded.step)) setLoaded(null);
    else if (loaded.step === null) setLoaded({ ...loaded, step });
  }, [loaded, step]);
  useEffect(() => setError(null), [step]); // a file that failed to load: said until the next edit

  useEffect(() => {
    if (loaded && loaded.errors === null && errors !== null && design !== loaded.before) setLoaded({ ...loaded, errors: problemCount(errors) });
  }, [loaded, errors, design]);

  const load = async (file: File) => {
    setError(null);
    setLoaded(null);
    try {
      const dataset = datasetFileText(file.name); // a dataset's zip is not read as text
      if (dataset) throw new Error(dataset);
      const next = parseDesign(await file.text(), file.name);
      onLoad(next);
      setLoaded({ name: file.name, layers: next.layers.length, before: design, beforeStep: step, step: null, errors: null });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="design-file">
      <DesignNameField name={design.name} onChange={onNameChange} />
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
          <CodeText text={error} />
        </p>
      )}
      {loaded && !error && (
        <p className="file-ok muted" data-testid="load-ok">
          {loadedText(loaded)}
        </p>
      )}
    </div>
  );
}
