// What an ended run's update-to-weight chart says of its few points: a look inside comes at most
// once a second (and costs at most 1 % of the run), so a one-second run has two, and the straight
// line between them read as a steady fall (a new user's walkthrough).

/** Looks fewer than this: the chart says why its points are few. */
export const FEW_LOOKS = 5;

/** The note under the chart, or null where its looks are enough to read a curve. */
export function fewLooks(looks: number): string | null {
  if (looks === 0 || looks >= FEW_LOOKS) return null;
  const times = looks === 1 ? "once" : `${looks} times`;
  return `Looked inside ${times}: a look comes at most once a second, so a short run has few points, and the lines between them are drawn, not measured.`;
}
