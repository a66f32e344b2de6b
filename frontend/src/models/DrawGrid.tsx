// A grid to draw a sample on, one cell per pixel of the dataset's images, values from 0 to 1. By
// mouse, touch or pen; or by keyboard: arrows move a pen (ringed on the grid), Space inks the
// pixel under it, Shift with an arrow inks as it moves, Delete clears the pixel. Letting go of the
// key asks the model again, as the end of a mouse stroke does.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";

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
  const [pen, setPen] = useState<{ row: number; col: number } | null>(null); // shown while focused

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
    if (pen) {
      context.strokeStyle = "#f59e0b"; // amber: seen on black and on white ink
      context.lineWidth = 2;
      context.strokeRect(pen.col * cw + 1, pen.row * ch + 1, cw - 2, ch - 2);
    }
  }, [values, height, width, pen]);

  const paint = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * width);
    const row = Math.floor(((event.clientY - box.top) / box.height) * height);
    ink(row, col);
  };

  const ink = (row: number, col: number) => {
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

  const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  // A keyboard stroke ends when its key is let go, as a mouse's does when its button is: the
  // model is asked once then, not at each keydown (a held key repeats 30 times a second).
  const marked = useRef(false);
  const keys = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const at = pen ?? { row: Math.floor(height / 2), col: Math.floor(width / 2) };
    const move = MOVES[event.key];
    if (move) {
      const next = { row: Math.min(height - 1, Math.max(0, at.row + move[0])), col: Math.min(width - 1, Math.max(0, at.col + move[1])) };
      setPen(next);
      if (event.shiftKey) (ink(next.row, next.col), (marked.current = true));
    } else if (event.key === " ") {
      (ink(at.row, at.col), (marked.current = true));
    } else if (event.key === "Delete" || event.key === "Backspace") {
      const next = [...current.current];
      next[at.row * width + at.col] = 0;
      (onChange(next), (current.current = next), (marked.current = true));
    } else return;
    event.preventDefault(); // the arrows and Space do not scroll the page
  };
  const keyUp = () => {
    if (!marked.current) return;
    marked.current = false;
    onStrokeEnd(current.current);
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
      tabIndex={0}
      role="application"
      aria-roledescription="drawing grid"
      aria-label={`Drawing area, ${width} by ${height} pixels: arrow keys move the pen, Space inks the pixel under it, Shift with an arrow inks as it moves, Delete clears it`}
      onFocus={(e) => e.currentTarget.matches(":focus-visible") && setPen((at) => at ?? { row: Math.floor(height / 2), col: Math.floor(width / 2) })}
      onBlur={() => (setPen(null), keyUp())}
      onKeyDown={keys}
      onKeyUp={keyUp}
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
