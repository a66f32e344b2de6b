// Whether a loss curve still fell at its end, measured over a share of the run, not its last few
// epochs: a 125-epoch run whose validation loss fell 0.42 → 0.38 over its last quarter falls under
// 1% an epoch, which a last-3-epochs test called levelled off. Fitted on the log of the loss, so a
// fall is a share of the loss (0.004 → 0.002 halves it as 0.4 → 0.2 does), and weighed against the
// epochs' scatter about the line, so a noisy flat curve does not pass for a falling one.

// The share of the run's epochs the fall is measured over, and the fewest epochs it takes.
const SHARE = 0.25;
const FEWEST = 4;
// The fitted fall over those epochs, as a share of the loss, that is worth more epochs.
const WORTH = 0.03;
// The fall this many standard errors clear of none: a trend, not the epochs' noise.
const CLEAR = 3;
// Its last half still falling at this share of the whole window's pace: not a curve that fell and
// then levelled off.
const STILL_PACE = 1 / 3;

export interface Fall {
  /** The measured loss at the window's first epoch and its last. */
  from: number;
  to: number;
  /** How many epochs the window spans (its first to its last). */
  epochs: number;
}

/** The slope of a least-squares line through (x, y), and its standard error (Infinity with fewer
 * than three points, where the scatter cannot be told). */
export function fitSlope(ys: number[]): { slope: number; se: number } {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  ys.forEach((y, x) => {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  });
  if (sxx === 0) return { slope: 0, se: Infinity };
  const slope = sxy / sxx;
  if (n < 3) return { slope, se: Infinity };
  const residual = ys.reduce((sum, y, x) => sum + (y - (my + slope * (x - mx))) ** 2, 0);
  return { slope, se: Math.sqrt(residual / (n - 2) / sxx) };
}

/** The fall of `losses` (one a measured epoch, in order) over their last quarter (or `share`), if it
 * still fell there, clearly and by enough to be worth more epochs; else null. Positive losses only. */
export function stillFalling(losses: number[], share = SHARE): Fall | null {
  const count = Math.max(FEWEST, Math.ceil(losses.length * share));
  if (losses.length < count + 1) return null; // the window and an epoch before it at least
  const window = losses.slice(-count);
  if (window.some((v) => !(v > 0))) return null; // a share of nothing, or of a negative loss
  const logs = window.map(Math.log);
  const whole = fitSlope(logs);
  const fall = 1 - Math.exp(whole.slope * (count - 1));
  if (fall < WORTH || -whole.slope < CLEAR * whole.se) return null;
  const half = fitSlope(logs.slice(-Math.ceil(count / 2)));
  if (-half.slope < STILL_PACE * -whole.slope) return null;
  return { from: window[0]!, to: window[count - 1]!, epochs: count - 1 };
}
