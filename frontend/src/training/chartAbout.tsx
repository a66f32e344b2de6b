// What a chart shows and what healthy looks like, in a learner's words, folded under it: the
// gradient, ratio and histogram charts are an expert's tools, which named nothing of what to read.
import type { ReactNode } from "react";

/** A chart's "What does this show?", closed until asked, at the end of its caption's line (it
 * takes no height of its own, so a run page's loss chart stays above the fold); opened, its text
 * takes a line of the caption's own. `chart` names it for a screen reader, which otherwise lists
 * every chart's disclosure by the same words. */
export function ChartAbout({ testId, chart, children }: { testId: string; chart: string; children: ReactNode }) {
  return (
    <details className="chart-about" data-testid={`${testId}-about`}>
      <summary>
        What does this show?<span className="visually-hidden"> ({chart})</span>
      </summary>
      <p>{children}</p>
    </details>
  );
}

/** Each chart's text, by the chart's test id. */
export const ABOUT = {
  loss:
    "The loss of every training step: how wrong the network was on the batch it just saw. It should fall quickly, then level off; a jagged line is usual with small batches (Smoothing shows the trend). One that shoots up means the learning rate is too high. One that stays flat means it is not learning, and the charts below say why: update ratios far under 1e-3, a rate too low (raise it); a jump first and ReLUs warned dead, a rate that was too high (dead units stay dead: train again from fresh weights at a lower rate); the first layers' gradients far under the last's, vanishing gradients (ReLU or BatchNorm in place of Sigmoid or Tanh); none of these, with the loss levelled off well above 0, a network too small for the task (more units or layers).",
  epochs:
    "At each epoch's end, the loss and accuracy on the validation samples, which the network never trains on: how it does on new data. Dashed: the same on the epoch's training batches, as each was trained (with Dropout on and pictures augmented). Validation loss that rises while the training loss keeps falling, or a training accuracy far above the validation's, is overfitting: it is learning its training samples, not the task.",
  epochsRegression:
    "At each epoch's end, the loss on the validation samples, which the network never trains on, beside the training loss: how it does on new data. Validation loss that rises while the training loss keeps falling is overfitting.",
  gradients:
    "How large each layer's gradient is at each step: how hard training pushes its weights. Norms that fall as the loss falls are healthy: a network nearer its answers is pushed less. Vanishing is a layer whose norm is far under the later layers' (a thousandth of the last's, say) while the loss is still high: it barely learns (ReLU or BatchNorm help). Norms that shoot up (exploding) make training unstable: lower the learning rate, or clip gradients.",
  heatmap:
    "The same gradient norms as colours, a row a layer and time going right, so that many layers compare at a glance: a row far darker than the later layers' rows is a layer whose gradients vanish (every row darkening together is the loss falling); a bright band, a burst.",
  ratios:
    "How much each step changes a layer's weights, relative to their size. The dashed line, about 1e-3, is healthy for SGD. Adam and its kin step each weight by about the learning rate, so healthy Adam runs sit nearer 1e-2 early on and fall as they settle. Far below, the layer barely moves (raise the learning rate); far above and staying there, it jumps around and may not settle (lower it).",
  histograms:
    "How each layer's weights and gradients are spread at the step named: a bar per range of values, its height how many fall there. Weights usually spread around 0 and change slowly; gradients piled at 0 mean a layer that no longer learns.",
  learningRate: "The learning rate at each step, as the schedule set it: the size of each step the optimizer takes.",
} as const;
