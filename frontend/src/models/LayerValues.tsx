// A layer's values drawn in grey, black at its min and white at its max: one small tile a channel,
// or a strip for a vector; pixels scaled up and kept crisp.
import { useEffect, useMemo, useRef } from "react";
import type { Quantised } from "../api/types";
import { formatValue } from "../training/neurons/neuronDrawing";
import { bytesOf, tileScale, valueOf } from "./quantised";

/** Draws `count` bytes from `offset` as a grey image `width` pixels wide. */
function useGrey(bytes: Uint8Array, offset: number, width: number, height: number) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const image = context.createImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      const grey = bytes[offset + i] ?? 0;
      image.data.set([grey, grey, grey, 255], i * 4);
    }
    context.putImageData(image, 0, 0);
  }, [bytes, offset, width, height]);
  return canvas;
}

interface TileProps {
  bytes: Uint8Array;
  index: number;
  height: number;
  width: number;
  label: string;
}

function Tile({ bytes, index, height, width, label }: TileProps) {
  const canvas = useGrey(bytes, index * height * width, width, height);
  const scale = tileScale(height, width);
  return (
    <canvas
      ref={canvas}
      className="layer-tile"
      width={width}
      height={height}
      style={{ width: width * scale, height: height * scale }}
      role="img"
      aria-label={label}
      data-testid="layer-tile"
    />
  );
}

export function LayerValues({ values, things, name }: { values: Quantised; things: string; name: string }) {
  const bytes = useMemo(() => bytesOf(values), [values]);
  if (values.view === "strip") return <Strip values={values} bytes={bytes} name={name} />;
  const [count = 0, height = 1, width = 1] = values.shape;
  const unit = things.replace(/s$/, "");
  return (
    <div className="layer-tiles">
      {Array.from({ length: count }, (_, i) => (
        <Tile key={i} bytes={bytes} index={i} height={height} width={width} label={`${name}, ${unit} ${i + 1}`} />
      ))}
    </div>
  );
}

function Strip({ values, bytes, name }: { values: Quantised; bytes: Uint8Array; name: string }) {
  const count = values.shape[0] ?? 0;
  const canvas = useGrey(bytes, 0, count, 1);
  const cell = Math.min(24, Math.max(2, Math.floor(384 / Math.max(count, 1))));
  // The largest value, for a reader who cannot see the strip: where the layer points.
  const top = bytes.indexOf(Math.max(...bytes));
  return (
    <canvas
      ref={canvas}
      className="layer-strip"
      width={count}
      height={1}
      style={{ width: count * cell }}
      role="img"
      aria-label={`${name}: ${count} values, the largest (${formatValue(valueOf(values, bytes[top] ?? 0))}) at ${top + 1}`}
      data-testid="layer-strip"
    />
  );
}
