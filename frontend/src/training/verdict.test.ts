import { describe, expect, it } from "vitest";
import type { EndEvent, ProgressEvent, RateEvent, StartedEvent } from "../api/types";
import { emptyTally, type RunTally } from "./events";
import { bcTinyRate, digitsSgd, lstmSeed1, lstmSuggested, moonsOverfit, moonsOverfitStopped, moonsSuggested, type ReviewRun } from "./reviewRuns.testdata";
import { addFrame } from "./stepLosses";
import { guessFor, runVerdict } from "./verdict";
import { rateWasTooHigh } from "./verdictCauses";

const even = (classes: number) => guessFor(classes, undefined);

function tally(train: number[], val: number[], accuracy: number | null, status: EndEvent["status"] = "succeeded"): RunTally {
  const t = emptyTally();
  t.epochs = train.map((_, i) => i + 1);
  t.trainLoss = train;
  t.valLoss = val;
  t.valAccuracy = val.map(() => accuracy);
  t.end = { type: "end", seq: 1, status, message: "", diverged: false, metrics: { epoch: train.length, step: 10, val_accuracy: accuracy, val_loss: val.at(-1) ?? null, train_loss: train.at(-1) ?? null } } as EndEvent;
  return t;
}

describe("runVerdict", () => {
  it("says a run at chance learnt nothing, and that a loss that never moved wants a higher rate", () => {
    const flat = runVerdict(tally([2.31, 2.31, 2.3], [2.31, 2.3, 2.3], 0.089), even(10));
    expect(flat?.kind).toBe("chance");
    expect(flat?.text).toBe(
      "No better than guessing: 8.9% on 10 classes, where a guess is right 10.0% of the time. Its loss hardly moved (2.31 → 2.3): raise the learning rate (the editor's Find a learning rate suggests one), or train longer.",
    );
    expect(runVerdict(tally([2.3, 1.5, 0.9], [2.2, 1.6, 1.4], 0.12), even(10))?.text).toMatch(
      /^Barely better than guessing: 12.0% on 10 classes.*check that the last layer and the loss fit the task/,
    );
    expect(runVerdict(tally([0.7, 0.6, 0.5], [0.7, 0.6, 0.5], 0.52), even(2))?.kind).toBe("chance");
    expect(runVerdict(tally([2.3, 1.0, 0.5], [2.2, 1.0, 0.6], 0.15), even(10))).toBeNull(); // half as much again as a guess
    expect(runVerdict(tally([4.6, 3.5, 3.2], [4.6, 3.6, 3.3], 0.1), even(100))).toBeNull(); // ten times a guess
    expect(runVerdict(tally([2.31], [2.31], 0.09), even(10))?.text).not.toMatch(/hardly moved/); // one epoch: no trend
  });

  it("says a run learnt its task, and nothing of one that did not end well", () => {
    expect(runVerdict(tally([2.3, 1.0, 0.5], [2.2, 1.0, 0.6], 0.9), even(10))).toEqual({
      kind: "learnt",
      text: "Learnt it: 90.0% of the validation samples right, where a guess is right 10.0% of the time. Try it on its model page, and see below which classes it still confuses.",
    });
    expect(runVerdict(tally([2.3, 1.0, 0.5], [2.2, 1.0, 0.6], 0.89), even(10))).toBeNull(); // learnt some: no word either way
    expect(runVerdict(tally([2.3, 1.0, 0.5], [2.2, 1.0, 0.6], 0.95, "cancelled"), even(10))).toBeNull();
    expect(runVerdict(tally([2.31, 2.31], [2.31, 2.31], 0.08, "failed"), even(10))).toBeNull();
    expect(runVerdict(tally([1, 1], [1, 1], null), even(0))).toBeNull(); // regression, flat: nothing to compare with
  });

  it("says a run overfits when validation loss rose for epochs while the training loss fell", () => {
    const verdict = runVerdict(tally([1, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05], [1, 0.7, 0.5, 0.55, 0.6, 0.7, 0.8], 0.8), even(10));
    expect(verdict?.kind).toBe("overfitting");
    expect(verdict?.text).toMatch(/^Overfitting from epoch 3: the validation loss rose from 0.5 to 0.8 while the training loss kept falling/);
    // One noisy last epoch is no trend; nor a rise of a negative loss by less than a tenth of it.
    expect(runVerdict(tally([1, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05], [1, 0.7, 0.5, 0.5, 0.51, 0.5, 0.6], 0.8), even(10))).toBeNull();
    expect(runVerdict(tally([1, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05], [-1, -2, -3, -2.9, -2.9, -2.9, -2.9], 0.8), even(10))).toBeNull();
  });

  it("does not call a model overfitting whose loss barely rose, or that gets every validation sample right", () => {
    // A review's iris run: 100% right, the validation loss 0.040 → 0.046 after 1.1 at the start.
    const train = [1.1, 0.5, 0.2, 0.09, 0.07, 0.06, 0.057];
    const val = [1.1, 0.4, 0.1, 0.0397, 0.045, 0.046, 0.046];
    expect(runVerdict(tally(train, val, 1), even(3))?.kind).toBe("learnt");
    expect(runVerdict(tally(train, val, 0.97), even(3))?.kind).toBe("learnt"); // a rise of 0.6 % of 1.1
    const rose = [1.1, 0.4, 0.1, 0.04, 0.08, 0.1, 0.12]; // by 7 % of its first: a real rise
    expect(runVerdict(tally(train, rose, 0.97), even(3))?.kind).toBe("overfitting");
    expect(runVerdict(tally(train, rose, 1), even(3))?.kind).toBe("learnt");
  });

  it("tells a run at chance that overfits to get more data, not to train longer", () => {
    // 40 pictures: the training loss fell to 0.36 while the validation loss climbed from epoch 3.
    const verdict = runVerdict(tally([0.7, 0.6, 0.55, 0.5, 0.45, 0.4, 0.36], [0.7, 0.69, 0.68, 0.72, 0.78, 0.83, 0.87], 0.625), even(2));
    expect(verdict?.kind).toBe("chance");
    expect(verdict?.text).toBe(
      "Barely better than guessing: 62.5% on 2 classes, where a guess is right 50.0% of the time. It learnt its training samples, not the task: from epoch 3 the validation loss rose (0.68 → 0.87) while the training loss kept falling. Give it more data (or augment the pictures), add Dropout or weight decay, or use a smaller network; training longer makes it worse.",
    );
  });

  it("says a run still improving at its end wants more epochs, not a stopped one", () => {
    const train = [1, 0.8, 0.6, 0.5, 0.4];
    const val = [1, 0.85, 0.7, 0.6, 0.5];
    expect(runVerdict(tally(train, val, 0.8), even(10))?.text).toBe(
      "Still improving when it ended: the validation loss fell from 0.85 to 0.5 over the last 3 epochs. Train more epochs to see how far it goes.",
    );
    expect(runVerdict(tally(train, val, 0.8, "cancelled"), even(10))).toBeNull();
    expect(runVerdict(tally(train, [1, 0.6, 0.5, 0.5, 0.5], 0.8), even(10))).toBeNull(); // levelled off
    expect(runVerdict(tally(train, [1, 0, 0, 0, 0], 0.8), even(10))).toBeNull(); // nothing left to fall
    // The review's iris run: 125 epochs at 76.7%, its validation loss still falling under 1% an epoch.
    const iris = Array.from({ length: 125 }, (_, e) => 0.35 + 0.75 * Math.exp(-(e + 1) / 40));
    expect(runVerdict(tally(iris, iris, 0.767), even(3))?.text).toBe(
      "Still improving when it ended: the validation loss fell from 0.422 to 0.383 over the last 31 epochs. Train more epochs to see how far it goes.",
    );
  });

  it("tells a run that gets every validation sample right, or whose loss all but vanished, not to train more", () => {
    // The reviewer's run: 100% right, its validation loss still falling by a third an epoch, to 3e-3.
    const perfect = runVerdict(tally([0.9, 0.2, 0.05, 0.01, 0.004], [0.5, 0.1, 0.03, 0.009, 0.003], 1), even(10));
    expect(perfect).toEqual({
      kind: "learnt",
      text: "Learnt it: every validation sample right (100%), where a guess is right 10.0% of the time. More epochs have nothing left to win on this validation set: try it on its model page, on samples of your own.",
    });
    // Not all right, but the loss is under a thousandth of its first: surer answers, not others.
    expect(runVerdict(tally([2.3, 0.5, 0.05, 0.01, 0.002], [2.3, 0.5, 0.05, 0.01, 0.002], 0.95), even(10))?.text).toMatch(/^Learnt it: 95\.0% of the validation samples right/);
    // A regression's loss likewise, with no accuracy to weigh.
    expect(runVerdict(tally([1, 0.1, 0.01, 0.003, 0.0008], [1, 0.1, 0.01, 0.003, 0.0008], null), null)).toEqual({
      kind: "learnt",
      text: "Learnt it: the validation loss fell to 8e-4, under a thousandth of its first epoch's (1). More epochs have little left to win: try it on its model page.",
    });
    // A thousandth and more is still worth the epochs.
    expect(runVerdict(tally([1, 0.1, 0.01, 0.004, 0.002], [1, 0.1, 0.01, 0.004, 0.002], null), null)?.kind).toBe("improving");
  });

  it("weighs a lopsided validation set against always answering its commonest class", () => {
    const counts = (...n: number[]) => n.map((count, i) => ({ name: `c${i}`, count, accuracy: null }));
    const mostlyNormal = guessFor(2, [
      { name: "normal", count: 90, accuracy: 1 },
      { name: "fraud", count: 10, accuracy: 0.1 },
    ]);
    expect(mostlyNormal).toEqual({ classes: 2, share: 0.9, commonest: "normal", missed: { commonest: 1, rarer: [{ name: "fraud", accuracy: 0.1 }] }, samples: 100 });
    const learnt = tally([0.7, 0.5, 0.4], [0.7, 0.5, 0.45], 0.9);
    expect(runVerdict(learnt, even(2))?.kind).toBe("learnt"); // 90% looks well past a coin's 50%…
    expect(runVerdict(learnt, mostlyNormal)?.text).toBe(
      // …but not past always answering "normal"
      "No better than guessing: 90.0%, where always answering “normal” is right 90.0% of the time (the validation set is mostly “normal”). It gets 100.0% of “normal” right but only 10.0% of “fraud”, favouring the commonest class: in the editor, give “fraud” more weight under Class weights (by the loss), or gather more samples of it.",
    );
    expect(runVerdict(tally([0.7, 0.5, 0.4], [0.7, 0.5, 0.45], 0.92), mostlyNormal)?.text).toMatch(/^Barely better than guessing: 92.0%/);
    expect(runVerdict(tally([0.7, 0.5, 0.4], [0.7, 0.5, 0.45], 0.98), mostlyNormal)?.text).toBe(
      // a fifth of the errors left
      "Learnt it: 98.0% of the validation samples right, where always answering “normal” is right 90.0%. Try it on its model page, and see below which classes it still confuses.",
    );
    // A commonest class short of half the set is not "mostly" it, and wants no class weights.
    const leaning = guessFor(3, counts(50, 25, 25));
    expect(runVerdict(tally([1.1, 1.1, 1.09], [1.1, 1.1, 1.1], 0.5), leaning)?.text).toBe(
      "No better than guessing: 50.0%, where always answering “c0” is right 50.0% of the time (“c0” is its validation set's commonest class). Its loss hardly moved (1.1 → 1.09): raise the learning rate (the editor's Find a learning rate suggests one), or train longer.",
    );
    // A loss that shot up says the rate is too high, never to raise it.
    const exploded = tally([2.3, 2.3, 2.3], [2.3, 2.3, 2.3], 0.1);
    exploded.steps = [1, 2, 3];
    exploded.losses = [2.3, 4.78e6, 2.3];
    expect(rateWasTooHigh(exploded)).toBe(true); // so going on starts at a tenth of its rate
    expect(rateWasTooHigh(tally([2.3, 1.0, 0.5], [2.2, 1.0, 0.6], 0.9))).toBe(false);
    // Gone on from step 3 at a lower rate, or a rate set there as it trained: the climb before it
    // was the old rate's, not the one it ended at.
    const goneOn = tally([2.3, 2.3, 2.2], [2.3, 2.3, 2.2], 0.1);
    goneOn.steps = [1, 2, 3, 4, 5];
    goneOn.losses = [2.3, 4.78e6, 2.3, 2.2, 2.1];
    expect(rateWasTooHigh(goneOn)).toBe(true);
    goneOn.started = { type: "started", first_step: 3 } as StartedEvent;
    expect(rateWasTooHigh(goneOn)).toBe(false);
    goneOn.started = null;
    goneOn.rates = [{ type: "rate", seq: 3, epoch: 1, step: 3, lr: 1 } as RateEvent];
    expect(rateWasTooHigh(goneOn)).toBe(false);
    goneOn.losses = [2.3, 4.78e6, 2.3, 2.2, 3e7]; // and up again at the new one
    expect(rateWasTooHigh(goneOn)).toBe(true);
    // A part that began near 0 and wobbles is no climb: the run's first loss is the measure.
    goneOn.rates = [{ type: "rate", seq: 2, epoch: 1, step: 2, lr: 1e-4 } as RateEvent];
    goneOn.losses = [2.3, 0.5, 0.001, 0.05, 0.06];
    expect(rateWasTooHigh(goneOn)).toBe(false);
    expect(runVerdict(exploded, even(10))?.text).toBe(
      "No better than guessing: 10.0% on 10 classes, where a guess is right 10.0% of the time. Its loss shot up from 2.3 to 4.78M at step 2. The learning rate is too high: lower it (a tenth, say), or let the editor's Find a learning rate suggest one.",
    );
    // A frame's mean hid it: 0.68 then 54,800 in the first of 15 steps the frame averaged to 9,257.
    const hidden = tally([9257, 55, 1.5], [0.9, 0.8, 0.7], 0.53);
    hidden.steps = [15, 30, 45];
    hidden.losses = [9257, 55.2, 1.55];
    addFrame(hidden.stepLosses, { type: "progress", seq: 2, epoch: 1, step: 15, loss: 9257, elapsed: 1, losses: [0.684, 54774, 53724, 12248, 2741, 6160, 1350, 2623, 1020, 1552, 488, 238, 100, 50, 20] } as ProgressEvent, 15);
    expect(runVerdict(hidden, even(2))?.text).toBe(
      "Barely better than guessing: 53.0% on 2 classes, where a guess is right 50.0% of the time. Its loss shot up from 0.684 to 54.8k at step 2. The learning rate is too high: lower it (a tenth, say), or let the editor's Find a learning rate suggest one.",
    );
    // One batch of the rarer class scoring 10 is no climb: the rate is not blamed for it.
    const noisy = tally([0.7, 0.6, 0.6], [0.7, 0.6, 0.6], 0.5);
    addFrame(noisy.stepLosses, { type: "progress", seq: 2, epoch: 1, step: 8, loss: 1.6, elapsed: 1, losses: [0.69, 0.4, 10.2, 0.3, 0.5, 9.8, 0.4, 0.3] } as ProgressEvent, 8);
    expect(runVerdict(noisy, even(2))?.text).not.toMatch(/shot up|too high/);
    // Or where the run's looks inside said so (gradients that vanished after exploding).
    const vanished = tally([2.3, 2.3, 2.3], [2.3, 2.3, 2.3], 0.1);
    vanished.warnings = [{ type: "warning", step: 40, kind: "vanishing", layer: "fc1", message: "Gradients in `fc1` have vanished (norm 1e-9) after an explosion: it barely learns. The learning rate is too high: lower it (a tenth, say) and train again.", cause: "rate_too_high", fix: "Lower the learning rate (a tenth, say) and train again." } as RunTally["warnings"][number]];
    expect(runVerdict(vanished, even(10))?.text).toMatch(/At step 40 its gradients said so\. The learning rate is too high: lower it/);
    // Even enough classes keep the one-in-K guess; no counts (yet) too.
    expect(guessFor(3, counts(34, 33, 33))).toEqual({ classes: 3, share: 1 / 3, commonest: null, missed: null, samples: 100 });
    expect(guessFor(3, counts(0, 0, 0))?.commonest).toBeNull();
    expect(guessFor(1, counts(5))).toBeNull();
  });
});

/** A tally of a run the insight review reproduced: its epochs, its end (`planned` epochs, where
 * early stopping ended it sooner), and the guess its per-class results make. */
function reviewed(run: ReviewRun, planned = run.end.epoch): { tally: RunTally; guess: ReturnType<typeof guessFor> } {
  const t = tally(run.train, run.val, null);
  t.valAccuracy = run.accuracy;
  t.started = { type: "started", seq: 0, epochs: planned } as RunTally["started"];
  t.end!.metrics = { ...run.end, step: 10 };
  return { tally: t, guess: guessFor(run.perClass.length, run.perClass) };
}

describe("runVerdict on the insight review's runs", () => {
  it("tells a run whose rate is too low that it was still learning, not to weigh its classes", () => {
    // breast_cancer at SGD 1e-4: the loss falls in a straight line; it began answering "malignant"
    // for everything and gets the rarer class 100% right, the commonest 51%.
    const { tally: t, guess } = reviewed(bcTinyRate);
    expect(runVerdict(t, guess)).toEqual({
      kind: "chance",
      text: "Barely better than guessing: 69.3%, where always answering “benign” is right 63.2% of the time (the validation set is mostly “benign”). It was still learning when it ended: its validation loss fell steadily, from 0.696 to 0.67 over the last 9 epochs, but slowly. Raise the learning rate (the editor's Find a learning rate suggests one), or train longer.",
    });
    // Its per-class results alone, with a loss that levelled off, give no reason for class weights either.
    const level = tally([0.73, 0.7, 0.69, 0.69, 0.69, 0.69], [0.72, 0.69, 0.68, 0.68, 0.68, 0.68], 0.693);
    expect(runVerdict(level, guess)?.text).not.toMatch(/Class weights/);
  });

  it("tells a run that favours its commonest class to weigh the rarer ones, naming them", () => {
    // The review's lopsided CSV: 95 % "ok", "fault" right 5 times in 22; the loss levelled off.
    const guess = guessFor(2, [
      { name: "ok", count: 378, accuracy: 377 / 378 },
      { name: "fault", count: 22, accuracy: 5 / 22 },
    ]);
    const levelled = tally([0.4, 0.2, 0.17, 0.16, 0.16, 0.16], [0.3, 0.19, 0.17, 0.165, 0.166, 0.165], 382 / 400);
    expect(runVerdict(levelled, guess)?.text).toBe(
      "Barely better than guessing: 95.5%, where always answering “ok” is right 94.5% of the time (the validation set is mostly “ok”). It gets 99.7% of “ok” right but only 22.7% of “fault”, favouring the commonest class: in the editor, give “fault” more weight under Class weights (by the loss), or gather more samples of it.",
    );
    // Still learning as well: the rate first, the weights if it goes on missing them.
    const { tally: slow } = reviewed(bcTinyRate);
    expect(runVerdict(slow, guessFor(2, [{ name: "benign", count: 72, accuracy: 1 }, { name: "malignant", count: 42, accuracy: 0.17 }]))?.text).toMatch(
      /or train longer\. If it then still gets 100\.0% of “benign” right but only 17\.0% of “malignant”, in the editor, give “malignant” more weight under Class weights \(by the loss\), or gather more samples of it\.$/,
    );
  });

  it("does not call a noisy validation loss overfitting where the accuracy rose to its best", () => {
    // The LSTM template at its suggested settings: the loss swings ±0.1 on 120 samples, 95.8% at its
    // last epoch; the same with seed 1; moons and digits whose loss wanders flat at the end.
    for (const run of [lstmSuggested, lstmSeed1, moonsSuggested, digitsSgd]) {
      const { tally: t, guess } = reviewed(run);
      expect(runVerdict(t, guess)?.kind).toBe("learnt");
    }
    // Real overfitting is still told: 0.38 → 3.57 over 300 epochs.
    const { tally: t, guess } = reviewed(moonsOverfit);
    expect(runVerdict(t, guess)?.text).toBe(
      "Overfitting from epoch 3: the validation loss rose from 0.38 to 3.56 while the training loss kept falling, so the network learnt its training samples more than the task. Stop near epoch 3 (an early-stopping patience does it), add Dropout or weight decay, or give it more data.",
    );
  });

  it("tells a run that early stopping caught overfitting about the model it kept", () => {
    // Stopped after epoch 13 of 300, epoch 3's weights put back: the page above shows 0.3796.
    const { tally: t, guess } = reviewed(moonsOverfitStopped, 300);
    expect(runVerdict(t, guess)).toEqual({
      kind: "overfitting",
      text: "Early stopping caught it overfitting: after epoch 3 the validation loss rose from 0.38 to 0.719 while the training loss kept falling, so it kept epoch 3's model, from before the rise. To do better than that model, add Dropout or weight decay, or give it more data.",
    });
    // Without "Keep the best epoch's weights" it ends with its last epoch's, which overfit.
    const last = { ...moonsOverfitStopped, end: { ...moonsOverfitStopped.end, kept_epoch: null, val_loss: 0.7185, train_loss: 0.1167 } };
    expect(runVerdict(reviewed(last, 300).tally, guess)?.text).toMatch(
      /^Overfitting from epoch 3: .* Early stopping ended it at epoch 13, but it keeps that last epoch's weights: tick Keep the best epoch's weights \(under Schedule, clipping, early stopping\) to end with epoch 3's, or add Dropout/,
    );
  });
});

describe("runVerdict and the run's warnings", () => {
  type Warning = RunTally["warnings"][number];
  const warning = (step: number, kind: Warning["kind"], layer: string, message: string, said: Pick<Warning, "cause" | "fix"> = {}) =>
    ({ type: "warning", seq: step, step, kind, layer, message, ...said }) as Warning;

  it("cites gradients that vanished, with their warning's advice, not a higher rate", () => {
    // A 5-deep Sigmoid stack on the digits at SGD 0.01 (the review's 23): its loss hardly moved,
    // and it was told to raise the rate, under its own warning that fc1's gradients had vanished.
    const sigmoids = tally([2.32, 2.31, 2.31], [2.32, 2.31, 2.31], 0.103);
    sigmoids.warnings = [
      warning(2, "vanishing", "fc1", "Gradients in `fc1` have all but vanished (25,000 times smaller per weight than in `out`): `fc1` itself barely learns. Try ReLU in place of the 5 Sigmoid layers `act1` … `act5`, add BatchNorm, or raise the learning rate.", {
        fix: "Try ReLU in place of the 5 Sigmoid layers `act1` … `act5`, add BatchNorm, or raise the learning rate.",
      }),
    ];
    expect(runVerdict(sigmoids, even(10))?.text).toBe(
      "No better than guessing: 10.3% on 10 classes, where a guess is right 10.0% of the time. Its gradients vanished on the way back (from step 2, in `fc1`): the layers before the last learnt next to nothing, which more epochs do not mend. Try ReLU in place of the 5 Sigmoid layers `act1` … `act5`, add BatchNorm, or raise the learning rate.",
    );
  });

  it("tells a Continue whose ReLUs died before it to train a new run, not to lower its rate again", () => {
    // Adam at 1 blew the loss up at step 2 and killed the ReLUs; a Continue at 0.001 (the review's
    // 06) was told "The learning rate is too high: lower it".
    const continued = tally([2.3, 2.3, 2.3], [2.3, 2.3, 2.3], 0.1);
    continued.losses = [2.28, 5040, 2.3, 2.3, 2.3];
    continued.steps = [1, 2, 3, 4, 5];
    continued.warnings = [
      warning(232, "dead_relu", "act1", "ReLU `act1` is mostly dead: 100% of its units gave 0 for every sample looked at, so they pass no gradient back and stop learning. They died before this part of the run began, and no rate brings them back: train a new run, with a lower learning rate from the start, or use LeakyReLU.", { cause: "died_before" }),
    ];
    const said = runVerdict(continued, even(10))?.text;
    expect(said).toMatch(/Its ReLUs died in an earlier part of the run, at the rate it had then \(the warning above\), and no rate brings them back: train a new run, with a lower learning rate from the start\.$/);
    expect(said).not.toMatch(/too high/);
    continued.warnings = [];
    expect(runVerdict(continued, even(10))?.text).toMatch(/shot up from 2\.28 to 5\.04k at step 2\. The learning rate is too high/);
  });
});

describe("runVerdict of a network too simple for its data", () => {
  it("says a training loss that levelled off, with training samples no better learnt, wants a larger network", () => {
    // A single Linear layer on the spiral (the review's 18): 1.00 → 0.657 by epoch 10, then flat.
    const train = [1.0, 0.86, 0.77, 0.72, 0.69, 0.675, 0.666, 0.661, 0.659, 0.657, ...Array(40).fill(0.657)];
    const linear = tally(train, train.map((v) => v + 0.01), 0.558);
    linear.trainAccuracy = train.map(() => 0.556);
    expect(runVerdict(linear, even(2))?.text).toBe(
      "Barely better than guessing: 55.8% on 2 classes, where a guess is right 50.0% of the time. Its training loss levelled off from epoch 7 (0.666 then, 0.657 at its end), with its training samples right no more often than the validation ones (55.6%): the network is too simple for this data, and more epochs or another rate will not change that. Give it hidden layers, or more units in them, with an activation such as ReLU between them (Linear layers alone draw only straight boundaries).",
    );
    // Still falling in its second half: not levelled off.
    const falling = tally(train.map((v, i) => v - i * 0.002), train, 0.558);
    expect(runVerdict(falling, even(2))?.text).not.toMatch(/too simple/);
    // Its training samples learnt: that is not a network too simple.
    linear.trainAccuracy = train.map(() => 0.9);
    expect(runVerdict(linear, even(2))?.text).not.toMatch(/too simple/);
  });
});

describe("runVerdict of a regression, weighed against always answering the average", () => {
  // The review's run: 300 rows of 3 random features and a random target, an MLP with MSELoss; its
  // training loss fell as it learnt the rows, its validation loss rose from the first epoch.
  const noise = () => tally([1.0, 0.9, 0.8, 0.7, 0.6, 0.5], [1.0, 1.02, 1.05, 1.1, 1.15, 1.2], null);

  it("says a regression no better than the average may have features that do not predict its target, not that it overfits", () => {
    expect(runVerdict(noise(), null, { rmse: 1.0813, average: 0.0213, spread: 0.9987 })).toEqual({
      kind: "chance",
      text: "No better than always answering the average: off by 1.08 (root mean square) on the validation set, where always answering its average, 0.0213, is off by 0.999. From epoch 1 its validation loss rose (1 → 1.2) while its training loss kept falling: it learnt its training samples, and nothing that holds beyond them. These features may not predict the target: check that it is the one you meant (a CSV's column), and that the features carry what it depends on. If they do not, no Dropout or smaller network will help.",
    });
    // Without its results the page has nothing to weigh it against: its curves alone say overfitting.
    expect(runVerdict(noise(), null, null)?.kind).toBe("overfitting");
  });

  it("says barely better up to 19% of the target's variance explained, and nothing of it past that", () => {
    expect(runVerdict(noise(), null, { rmse: 0.93, average: 152.13, spread: 1 })?.text).toMatch(
      /^Barely better than always answering the average: off by 0.93 \(root mean square\) on the validation set, where always answering its average, 152, is off by 1\. /,
    );
    // R² 0.75: it learnt something, and the curves say the rest.
    expect(runVerdict(noise(), null, { rmse: 0.5, average: 152.13, spread: 1 })?.kind).toBe("overfitting");
    const learning = tally([1, 0.6, 0.4, 0.3, 0.25, 0.2, 0.17, 0.15], [1, 0.6, 0.4, 0.3, 0.25, 0.2, 0.17, 0.15], null);
    expect(runVerdict(learning, null, { rmse: 0.4, average: 0, spread: 1 })?.kind).toBe("improving");
  });

  it("names the cause its curves show before the features: a loss that never moved wants a higher rate", () => {
    const flat = tally([1, 0.99, 0.99], [1, 1, 1], null);
    expect(runVerdict(flat, null, { rmse: 77, average: 152.13, spread: 77.1 })?.text).toBe(
      "No better than always answering the average: off by 77 (root mean square) on the validation set, where always answering its average, 152, is off by 77.1. Its loss hardly moved (1 → 0.99): raise the learning rate (the editor's Find a learning rate suggests one), or train longer.",
    );
  });

  it("says the features may not predict it, or the network is too small, where the curves show nothing", () => {
    const levelled = tally([1, 0.8, 0.79, 0.78, 0.78, 0.78, 0.78], [1, 0.9, 0.95, 0.93, 0.94, 0.93, 0.95], null);
    expect(runVerdict(levelled, null, { rmse: 77, average: 152.13, spread: 77.1 })?.text).toMatch(
      /is off by 77\.1\. These features may not predict the target: check that it is the one you meant \(a CSV's column\), and that the features carry what it depends on\. If they should, the network may be too small, or trained too briefly, to find how\.$/,
    );
  });

  it("weighs a target of several outputs against each output's own average", () => {
    expect(runVerdict(noise(), null, { rmse: 41.2, average: null, spread: 40.3 })?.text).toMatch(
      /^No better than always answering each output's average: off by 41\.2 \(root mean square, over every output\) on the validation set, where always answering them is off by 40\.3\. From epoch 1 /,
    );
  });

  it("says nothing of a regression that failed, and weighs one that was stopped", () => {
    const failed = noise();
    failed.end = { ...failed.end!, status: "failed" };
    expect(runVerdict(failed, null, { rmse: 1.08, average: 0, spread: 1 })).toBeNull();
    const stopped = noise();
    stopped.end = { ...stopped.end!, status: "cancelled" };
    expect(runVerdict(stopped, null, { rmse: 1.08, average: 0, spread: 1 })?.text).toMatch(/^No better than always answering the average/);
  });
});

describe("runVerdict of a run that learnt its training samples on a small validation set", () => {
  // The review's run: pictures of circles 20, squares 20, triangles 1 (9 for validation), LeNet at
  // its suggested 500 epochs. Its training loss fell to 1.2e-5, every training picture right; its
  // validation loss rose from 0.70 at epoch 7 to 4.76, its accuracy 44% then (4 of 9), 56% at the
  // end (5 of 9). It was told "No better than guessing… Train longer or with a higher learning rate".
  const EPOCHS = 500;
  const epochs = Array.from({ length: EPOCHS }, (_, i) => i + 1);
  const falling = [1.09, 0.98, 0.88, 0.8, 0.75, 0.72, 0.7];
  const risen = (top: number) => epochs.map((e) => (e <= 7 ? falling[e - 1]! : e === EPOCHS ? top : 0.7 + (top - 0.7) * ((e - 7) / (EPOCHS - 7)) ** 0.6 + 0.01 * (top - 0.7) * Math.sin(e)));
  const trainLoss = epochs.map((e) => 1.1 * (1.2e-5 / 1.1) ** (e / EPOCHS));
  const nineWith = (right: number) => guessFor(3, [
    { name: "circle", count: 5, accuracy: right >= 3 ? 3 / 5 : right / 5 },
    { name: "square", count: 4, accuracy: Math.max(0, right - 3) / 4 },
    { name: "triangle", count: 0, accuracy: null },
  ]);
  function picturesRun(val: number[], accuracyAt: (epoch: number) => number, trainAccuracy = true): RunTally {
    const t = tally(trainLoss, val, accuracyAt(EPOCHS));
    t.valAccuracy = epochs.map(accuracyAt);
    t.trainAccuracy = trainAccuracy ? epochs.map((e) => Math.min(1, 0.4 + e / 40)) : epochs.map(() => null);
    return t;
  }
  // 4 of 9 at the turn, 4 or 5 of 9 on, 5 of 9 at the end.
  const reviewAccuracy = (e: number) => (e === 7 || (e % 3 === 0 && e < EPOCHS) ? 4 / 9 : 5 / 9);
  const overfitted =
    "It learnt its training samples, not the task: from epoch 7 the validation loss rose (0.7 → 4.76) while the training loss kept falling. Give it more data (or augment the pictures), add Dropout or weight decay, or use a smaller network; training longer makes it worse.";

  it("tells it that it learnt its training samples, not the task, and not to train longer", () => {
    const verdict = runVerdict(picturesRun(risen(4.76), reviewAccuracy), nineWith(5));
    expect(verdict).toEqual({
      kind: "chance",
      text: `No better than guessing: 55.6%, where always answering “circle” is right 55.6% of the time (the validation set is mostly “circle”). ${overfitted}`,
    });
    // A run from before training accuracy was kept: its training loss near zero says the same.
    expect(runVerdict(picturesRun(risen(4.76), reviewAccuracy, false), nineWith(5))?.text).toBe(verdict?.text);
    // Weighed against a guess of one class in 3 (no counts), 56% is past chance: still overfitting.
    expect(runVerdict(picturesRun(risen(4.76), reviewAccuracy), even(3))?.text).toMatch(
      /^Overfitting from epoch 7: the validation loss rose from 0\.7 to 4\.76 while the training loss kept falling, so the network learnt its training samples more than the task\. Stop near epoch 7/,
    );
  });

  it("takes a rise past a large validation set's noise for learning, however well the training samples were learnt", () => {
    // 10 classes, 1,000 validation samples each: 95.6% to 98.9% (330 more right), the training
    // samples all but learnt, the loss up from 0.039 to 0.099 (cross-entropy's over-sureness).
    const long = tally(
      epochs.map((e) => 0.5 * Math.exp(-e / 20)),
      epochs.map((e) => (e <= 7 ? 0.06 - 0.003 * e : 0.039 + (0.06 * (e - 7)) / (EPOCHS - 7))),
      0.989,
    );
    long.trainAccuracy = epochs.map(() => 0.999);
    long.valAccuracy = epochs.map((e) => (e <= 7 ? 0.956 : 0.989));
    const big = guessFor(10, Array.from({ length: 10 }, (_, i) => ({ name: String(i), count: 1000, accuracy: 0.989 })));
    expect(runVerdict(long, big)?.text).toMatch(/^Learnt it/);
  });

  it("takes an accuracy that rose by a sample or two of a small validation set for noise, not for learning", () => {
    // Training samples not all learnt, a validation loss up by half: only the accuracy tells.
    const modest = tally(
      epochs.map((e) => 1.1 - 0.8 * (e / EPOCHS)),
      risen(1.05),
      5 / 9,
    );
    modest.valAccuracy = epochs.map(reviewAccuracy);
    expect(runVerdict(modest, nineWith(5))?.text).toMatch(/It learnt its training samples, not the task: from epoch 7 the validation loss rose \(0\.7 → 1\.05\)/);
    // Three more right of 9 (44% → 78%) is a real rise: it was still getting better at the task.
    modest.valAccuracy = epochs.map((e) => (e === 7 ? 4 / 9 : 7 / 9));
    modest.end!.metrics.val_accuracy = 7 / 9;
    expect(runVerdict(modest, nineWith(7))).toBeNull();
    // One more right of 9 is a rise where its validation set's size is not known.
    modest.valAccuracy = epochs.map(reviewAccuracy);
    modest.end!.metrics.val_accuracy = 5 / 9;
    expect(runVerdict(modest, even(3))).toBeNull();
  });

  it("does not call a learnt training set overfitting where the validation loss rose little and the accuracy rose", () => {
    // Every training sample right, the validation loss up by a third, three more right of 120.
    const t = picturesRun(risen(0.93), (e) => (e <= 10 ? 0.9 : 0.925));
    expect(runVerdict(t, guessFor(3, [40, 40, 40].map((count, i) => ({ name: `c${i}`, count, accuracy: 0.925 }))))?.kind).toBe("learnt");
  });

  it("tells a run at chance that learnt its training samples not to train longer, however its validation loss went", () => {
    const flat = picturesRun(epochs.map((e) => 1.1 + 0.02 * Math.sin(e)), () => 5 / 9);
    expect(runVerdict(flat, nineWith(5))?.text).toBe(
      "No better than guessing: 55.6%, where always answering “circle” is right 55.6% of the time (the validation set is mostly “circle”). It learnt its training samples, not the task: it gets 100.0% of them right, while it gets the validation ones right hardly more often than a guess. Give it more data (or augment the pictures), add Dropout or weight decay, or use a smaller network; training longer will not help.",
    );
    flat.trainAccuracy = epochs.map(() => null);
    expect(runVerdict(flat, nineWith(5))?.text).toMatch(/It learnt its training samples, not the task: its training loss fell to 1\.2e-5 \(from 1\.08\), while it gets the validation ones right hardly more often than a guess\./);
  });
});
