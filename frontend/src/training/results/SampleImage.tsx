// One image sample, (C, H, W) values in [0, 1] flattened, drawn on a small canvas.
import { useEffect, useRef } from "react";

interface Props {
  values: number[];
  shape: number[]; // (C, H, W)
  size?: number;
}

export function SampleImage({ values, shape, size = 56 }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [channels = 1, height = 1, width = 1] = shape;
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (!context) return;
    const image = context.createImageData(width, height);
    const low = Math.min(...values);
    const span = Math.max(...values) - low || 1;
    const plane = height * width;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const v = values[(channels === 3 ? c : 0) * plane + p] ?? 0;
        image.data[p * 4 + c] = Math.round(((v - low) / span) * 255);
      }
      image.data[p * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [values, channels, height, width]);
  return <canvas ref={ref} width={width} height={height} className="sample-image" style={{ width: size, height: size }} />;
}
