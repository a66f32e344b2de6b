// What "Train N more epochs" does to a run's model, said before it is pressed: on the run itself
// it replaces the model (its weights, exports and results) in place, which a comparison made
// earlier then shows; as a new run, a copy trains on and the run keeps its model.
import { metricText } from "./metricText";

/** The numbers of the model a run holds now (its end's metrics). */
export interface ModelNow {
  epoch: number;
  val_loss?: number | null;
  kept_epoch?: number | null;
}

/** "replaces this run's model (epoch 30, val loss 0.1061) with the one after epoch 35". */
export function replacesText(model: ModelNow | null, more: number): string {
  const after = (model?.epoch ?? 0) + more;
  if (!model || model.epoch === 0) return `trains this run on to epoch ${after}`;
  const loss = model.val_loss == null ? "" : `, val loss ${metricText(model.val_loss)}`;
  return `replaces this run's model (epoch ${model.kept_epoch ?? model.epoch}${loss}) with the one after epoch ${after}`;
}
