// The learning rate on moving from the optimizer `was` to `next`: the new one's usual rate when
// the person kept the old one's, else theirs, with a line that says which (a rate typed for Adam
// and silently put back to SGD's 0.05 trained at a rate nobody chose).

interface OptimizerRate {
  name: string;
  default_lr: number;
}

export interface LrSwitch {
  lr: number;
  /** What became of the rate; null where nothing is worth saying. */
  text: string | null;
}

export function lrOnSwitch(lr: number, was: OptimizerRate | undefined, next: OptimizerRate | undefined): LrSwitch {
  if (!next || next.name === was?.name) return { lr, text: null };
  const typed = was !== undefined && lr !== was.default_lr;
  if (!typed) return { lr: next.default_lr, text: `Learning rate set to ${next.default_lr}, where ${next.name} usually starts.` };
  if (lr === next.default_lr) return { lr, text: null };
  return { lr, text: `Your learning rate ${lr} is kept; ${next.name} usually starts at ${next.default_lr}.` };
}
