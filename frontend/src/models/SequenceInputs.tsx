// Try it's input for a sequence model (C, L): the values drawn as a line as they change, a box to
// paste all C × L of them at once, and a field for each where there are few enough to type.
import { useId, useState } from "react";
import { ChannelLegend, SequencePlot } from "../training/sequences/SequencePlot";
import { MOST_TYPED } from "../training/results/mistakeSample";
import { FeatureInputs } from "./FeatureInputs";
import { counted, MOST_CHANNELS, readPasted, sequencePlot, sequenceWords, stepNames } from "./sequenceInput";
import type { TypedTry } from "./useTypedAnswers";
import "./sequenceInputs.css";

interface Props {
  /** (C, L): channels by steps. */
  size: [number, number];
  /** The first values (TryIt's `start`: typical values, where no sample was opened). */
  start: number[];
  typed: TypedTry;
  /** A field typed or cleared, or numbers pasted: the values now, or null while one is not a number. */
  onEdit: (values: number[] | null) => void;
}

export function SequenceInputs({ size, start, typed, onEdit }: Props) {
  const [channels, steps] = size;
  const count = channels * steps;
  const [values, setValues] = useState(start); // the last whole values: what the plot draws
  const [pastes, setPastes] = useState(0); // each paste starts the fields again from its numbers
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const pasteId = useId();
  const problemId = useId();

  const takePasted = () => {
    const read = readPasted(text, channels, steps);
    if ("problem" in read) return setProblem(read.problem);
    setProblem(null);
    setValues(read.values);
    setPastes((n) => n + 1);
    onEdit(read.values);
    typed.askNow(read.values);
  };
  const edited = (typedValues: number[] | null) => {
    if (typedValues) setValues(typedValues);
    onEdit(typedValues);
  };
  return (
    <div className="try-input sequence-try" data-testid="try-sequence">
      <SequencePlot plot={sequencePlot(values, channels, steps)} label="This" channels={channels} />
      <ChannelLegend channels={channels} shown={Math.min(channels, MOST_CHANNELS)} />
      <form className="sequence-paste" onSubmit={(e) => (e.preventDefault(), takePasted())}>
        <label htmlFor={pasteId}>
          Paste {counted(count)} numbers ({sequenceWords(channels, steps)}), with commas, spaces or new lines between them:
        </label>
        <textarea
          id={pasteId}
          rows={3}
          value={text}
          spellCheck={false}
          placeholder={channels === 1 ? "0.1, -0.5, 0.9, …" : undefined}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          data-testid="sequence-paste"
          onChange={(e) => (setText(e.target.value), setProblem(null))}
        />
        <button type="submit" data-testid="sequence-paste-use">
          Use these numbers
        </button>
        {problem && (
          <p className="field-error" id={problemId} role="alert" data-testid="sequence-paste-problem">
            {problem}
          </p>
        )}
      </form>
      {count <= MOST_TYPED ? (
        <FeatureInputs key={pastes} names={stepNames(channels, steps)} start={values} onSubmit={(v) => (setValues(v), typed.askNow(v))} onEdit={edited} />
      ) : (
        <p className="muted" data-testid="sequence-too-long">
          {counted(count)} numbers are more than {MOST_TYPED} fields: paste them above.
        </p>
      )}
    </div>
  );
}
