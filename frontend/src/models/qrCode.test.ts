import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { qrPath } from "./QrCode";

/** The path's squares drawn into RGBA pixels, `scale` pixels a module: what a phone's camera sees. */
function pixels(text: string, scale: number): { data: Uint8ClampedArray; width: number } {
  const { path, side } = qrPath(text);
  const width = side * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        data[at] = data[at + 1] = data[at + 2] = 0;
      }
  }
  return { data, width };
}

describe("qrPath", () => {
  it("draws a code a QR reader reads back as the link", () => {
    const url = "http://192.168.1.20:8000/s/HLDglGvg5ibMF6ygTFCtkipDyYaNQuThC62Z06z-gN4";
    const { data, width } = pixels(url, 4);
    expect(jsQR(data, width, width)?.data).toBe(url);
  });
});
