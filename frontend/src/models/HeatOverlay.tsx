// A Grad-CAM map drawn over the picture it explains: the picture as the model saw it, left blocky,
// under the map's colours, smoothed, with a one-line legend and the same said in words.
import { useEffect, useRef } from "react";
import type { GradCam } from "../api/types";
import { HEAT_GRADIENT, heatColour, spread, strongestPlace } from "./heatMap";

/** A picture's pixels as RGBA bytes, `width` × `height`. */
export interface Picture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

const SIDE = 192; // px on screen for the longer side

function canvasOf(width: number, height: number, rgba: Uint8ClampedArray): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [width, height];
  const image = new ImageData(width, height);
  image.data.set(rgba);
  canvas.getContext("2d")?.putImageData(image, 0, 0);
  return canvas;
}

/** The map's words for a screen reader and for the line under the picture. */
export function heatWords(cam: GradCam): string {
  const place = strongestPlace(cam.heat, cam.height, cam.width);
  // Beside a sure answer, an empty map read as a contradiction (a walkthrough: 61 % for "3").
  if (!place)
    return `Nothing in this picture pushed the model toward “${cam.class_name}” at ${cam.layer}: the map is empty. Its answer comes from what the layers after ${cam.layer} make of the picture, or from a picture unlike those it trained on.`;
  return `Strongest in ${place}, over ${spread(cam.heat)}.`;
}

export function HeatOverlay({ cam, picture }: { cam: GradCam; picture: Picture }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scale = SIDE / Math.max(cam.width, cam.height);
  const [width, height] = [Math.round(cam.width * scale), Math.round(cam.height * scale)];

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    context.clearRect(0, 0, width, height);
    context.imageSmoothingEnabled = false; // the picture's few pixels, as the model saw them
    context.drawImage(canvasOf(picture.width, picture.height, picture.rgba), 0, 0, width, height);
    const heat = new Uint8ClampedArray(cam.heat.length * 4);
    cam.heat.forEach((v, i) => heat.set(heatColour(v), i * 4));
    context.imageSmoothingEnabled = true; // the map's places blend, as Grad-CAM's are drawn
    context.drawImage(canvasOf(cam.width, cam.height, heat), 0, 0, width, height);
  }, [cam, picture, width, height]);

  const words = heatWords(cam);
  return (
    <figure className="heat-overlay">
      <canvas
        ref={canvas}
        width={width}
        height={height}
        data-testid="heat-overlay"
        data-layer={cam.layer}
        data-class={cam.class_name}
        role="img"
        aria-label={`Where the model looked for “${cam.class_name}”: ${words}`}
      />
      <figcaption>
        <p data-testid="heat-legend">
          Brighter places drove the score for <strong>“{cam.class_name}”</strong> more (Grad‑CAM at layer{" "}
          <code>{cam.layer}</code>, {cam.layer_type}).
        </p>
        <p className="heat-scale" aria-hidden="true">
          <span>less</span>
          <span className="heat-bar" style={{ background: HEAT_GRADIENT }} />
          <span>more</span>
        </p>
        <p className="muted" data-testid="heat-words">
          {words}
        </p>
      </figcaption>
    </figure>
  );
}
