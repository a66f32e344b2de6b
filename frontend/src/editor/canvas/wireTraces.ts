// The canvas's wires as drawn, in screen pixels: points along each path and its label's box.
import type { WireTrace } from "../dropTarget";

const STEP = 6; // screen px of path between two points read; a wire is a gentle curve

export function wireTraces(root: HTMLElement): WireTrace[] {
  const labels = new Map([...root.querySelectorAll<HTMLElement>("[data-wire]")].map((el) => [el.dataset.wire, el.getBoundingClientRect()]));
  return [...root.querySelectorAll<SVGGElement>(".react-flow__edge")].flatMap((edge): WireTrace[] => {
    const id = edge.dataset.id;
    const path = edge.querySelector<SVGPathElement>(".react-flow__edge-path");
    const toScreen = path?.getScreenCTM();
    if (!id || !path || !toScreen) return [];
    const length = path.getTotalLength();
    const steps = Math.max(1, Math.ceil((length * toScreen.a) / STEP)); // a: the canvas's zoom
    const points = Array.from({ length: steps + 1 }, (_, i) => {
      const p = path.getPointAtLength((length * i) / steps).matrixTransform(toScreen);
      return { x: p.x, y: p.y };
    });
    const box = labels.get(id);
    const label = box && box.width > 0 ? { x: box.x, y: box.y, width: box.width, height: box.height } : null;
    return [{ id, points, label }];
  });
}
