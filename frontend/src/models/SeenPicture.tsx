// The sample a picture became, as the model saw it: its few pixels, scaled up and left blocky.
import { useEffect, useRef } from "react";
import type { SeenPicture as Seen } from "../api/types";

const SIDE = 96; // pixels on the screen for the picture's longer side

export function SeenPicture({ seen, note }: { seen: Seen; note: string | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const image = context.createImageData(seen.width, seen.height);
    for (let i = 0; i < seen.width * seen.height; i++) {
      const [r, g, b] = seen.channels === 3 ? seen.pixels.slice(i * 3, i * 3 + 3) : [seen.pixels[i], seen.pixels[i], seen.pixels[i]];
      image.data.set([r ?? 0, g ?? 0, b ?? 0, 255], i * 4);
    }
    context.putImageData(image, 0, 0);
  }, [seen]);

  const scale = SIDE / Math.max(seen.width, seen.height); // the longer side SIDE, in proportion
  return (
    <figure className="seen-picture">
      <canvas
        ref={canvas}
        width={seen.width}
        height={seen.height}
        style={{ width: Math.round(seen.width * scale), height: Math.round(seen.height * scale) }}
        data-testid="seen-picture"
        role="img"
        aria-label={`The picture as the model saw it: ${seen.width} by ${seen.height} pixels`}
      />
      <figcaption className="muted">
        What the model saw ({seen.width}×{seen.height}){note && <span data-testid="picture-note">. {note}</span>}
      </figcaption>
    </figure>
  );
}
