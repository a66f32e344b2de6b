// What "Explain class" and "at layer" list beside a Grad-CAM map: each class's chance with enough
// digits to tell a runner-up from the next (all read "0.0%" beside a sure answer), and the layers
// whose output is a map (C, H, W), which Grad-CAM can make its map from.
import type { ModelView } from "../api/types";

export interface CamLayer {
  id: string;
  type: string;
  /** Its output for one sample, (C, H, W), as the design's validation found it. */
  shape: number[];
}

/** The layer a map is made at: the one chosen (null: the server's own choice), and the server's
 * choice once an answer has said it. Kept by Try it, from picture to picture. */
export interface LayerChoice {
  chosen: string | null;
  server: string | null;
}

export const SERVER_LAYER: LayerChoice = { chosen: null, server: null };

/** The design's layers whose output is (C, H, W), in the design's order. */
export function camLayers(view: Pick<ModelView, "design" | "validation">): CamLayer[] {
  return view.design.layers.flatMap((layer) => {
    const shape = view.validation.nodes[layer.id]?.output_shape;
    return shape && shape.length === 3 ? [{ id: layer.id, type: layer.type, shape }] : [];
  });
}

/** A class's chance as a percentage: one decimal from 0.1 % up; two significant figures under
 * it ("0.0031%"), so that a runner-up reads apart from the next; "<0.0001%" past that, and "0%". */
export function chanceText(probability: number): string {
  const percent = probability * 100;
  if (percent >= 0.1 || percent <= 0) return `${percent <= 0 ? 0 : percent.toFixed(1)}%`;
  if (percent < 1e-4) return "<0.0001%";
  return `${Number(percent.toPrecision(2)).toFixed(Math.max(0, 1 - Math.floor(Math.log10(percent))))}%`;
}
