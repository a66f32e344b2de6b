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
