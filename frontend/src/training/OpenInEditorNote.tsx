// A run that cannot go on from where it is, sent to the editor instead: one stopped before its
// first step has no checkpoint, and one whose loss diverged would diverge again from it.
interface Props {
  /** Which of the two: it stopped before its first step, or its loss diverged. */
  why: "neverStarted" | "diverged";
  onOpen: () => void;
}

const SAID = {
  neverStarted: { testId: "never-started-open-in-editor", text: "to train it again: it stopped before its first step, so there is nothing to go on from." },
  diverged: { testId: "diverged-open-in-editor", text: "to lower the learning rate: going on from here would diverge again." },
};

export function OpenInEditorNote({ why, onOpen }: Props) {
  const { testId, text } = SAID[why];
  return (
    <>
      <button className="primary" data-testid={testId} onClick={onOpen}>
        Open in editor
      </button>
      <span className="muted">{text}</span>
    </>
  );
}
