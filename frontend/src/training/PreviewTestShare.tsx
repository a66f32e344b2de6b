// What a dataset's preview says of the test set a run keeps apart, where its samples are not points
// (a 2-D set's scatter draws its test rows as crosses): how many of the training samples shown, as
// the server holds them out (held_out.py, counted by testSet.ts), and what is left to train on.
import { formatCount } from "../editor/format";
import { heldOut } from "./testSet";

/** `train`: the training part's size, test rows included; `share`: the run's test_fraction. */
export function PreviewTestShare({ train, share }: { train: number; share: number }) {
  const held = heldOut(train, share);
  if (held === 0) return null;
  return (
    <p className="hint preview-test-share" data-testid="preview-test-share">
      A run with test set share {share} keeps {formatCount(held)} of these {formatCount(train)} training samples apart as its test set, {formatCount(train - held)} left to train on.
      The server picks which as the run starts: the class counts and samples below are of all {formatCount(train)}, the test samples among them.
    </p>
  );
}
