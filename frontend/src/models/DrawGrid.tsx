// A grid to draw a sample on, one cell per pixel of the dataset's images, values from 0 to 1.
import { useEffect, useRef } from "react";

interface Props {
  height: number;
  width: number;
  values: number[];
  onChange: (values: number[]) => void;
  onStrokeEnd: (values: number[]) => void;
}

const SIZE = 224; // px on screen, whatever the grid

export function DrawGrid({ height, width, values, onChange, onStrokeEnd }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const current = useRef(values);
  current.current = values;

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const [cw, ch] = [SIZE / width, SIZE / height];
    context.fillStyle = "#000";
    context.fillRect(0, 0, SIZE, SIZE);
    values.forEach((v, i) => {
      const shade = Math.round(v * 255);
      context.fillStyle = `rgb(${shade}, ${shade}, ${shade})`;
      context.fillRect((i % width) * cw, Math.floor(i / width) * ch, cw, ch);
    });
  }, [values, height, width]);

  const paint = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * width);
    const row = Math.floor(((event.clientY - box.top) / box.height) * height);
    const next = [...current.current];
    // A soft brush on large grids, so that strokes look like the dataset's; one cell on small ones.
    const reach = width > 12 ? 1 : 0;
    for (let dy = -reach; dy <= reach; dy++)
      for (let dx = -reach; dx <= reach; dx++) {
        const [r, c] = [row + dy, col + dx];
        if (r < 0 || c < 0 || r >= height || c >= width) continue;
        const strength = dx === 0 && dy === 0 ? 1 : 0.5;
        next[r * width + c] = Math.max(next[r * width + c]!, strength);
      }
    onChange(next);
    current.current = next;
  };

  const end = () => {
    if (!drawing.current) return;
    drawing.current = false;
    onStrokeEnd(current.current);
  };

  return (
    <canvas
      ref={canvas}
      width={SIZE}
      height={SIZE}
      className="draw-grid"
      data-testid="draw-grid"
      aria-label={`Drawing area, ${width} by ${height} pixels`}
      onPointerDown={(e) => {
        drawing.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        paint(e);
      }}
      onPointerMove={(e) => drawing.current && paint(e)}
      onPointerUp={end}
      onPointerLeave={end}
    />
  );
}
