// A share link as a QR code, to show a class on a projector: each phone that scans it opens the
// model. Dark modules on white whatever the colour scheme (scanners read those), with the quiet
// zone around it that scanners need.
import { encode } from "uqr";

/** The dark modules of `text`'s QR code as one SVG path of unit squares, and its side in modules. */
export function qrPath(text: string): { path: string; side: number } {
  const { data, size } = encode(text, { ecc: "M", border: 4 });
  const squares: string[] = [];
  data.forEach((row, y) => row.forEach((dark, x) => dark && squares.push(`M${x} ${y}h1v1h-1z`)));
  return { path: squares.join(""), side: size };
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const { path, side } = qrPath(text);
  return (
    <svg className="qr-code" viewBox={`0 0 ${side} ${side}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="qr-code">
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
