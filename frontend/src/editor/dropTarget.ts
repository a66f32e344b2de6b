// Where a layer dragged over the canvas lands: on the wire under the pointer, or after the layer
// above it. Plain geometry in one coordinate system (the canvas reads the screen into it).
import type { Point } from "./layerGraph";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A wire as drawn: points along its path, and its shape label's box (null when it has none). */
export interface WireTrace {
  id: string;
  points: Point[];
  label: Box | null;
}

const inside = (p: Point, b: Box) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** How far a point is from a path given as points along it. */
export function distanceToPath(p: Point, points: Point[]): number {
  if (points.length === 1) return Math.hypot(p.x - points[0]!.x, p.y - points[0]!.y);
  let nearest = Infinity;
  for (let i = 1; i < points.length; i++) nearest = Math.min(nearest, distanceToSegment(p, points[i - 1]!, points[i]!));
  return nearest;
}

/** The wire whose label holds the point, else the nearest whose path passes within `tolerance`. */
export function wireAt(p: Point, wires: WireTrace[], tolerance: number): string | null {
  const labelled = wires.find((w) => w.label !== null && inside(p, w.label));
  if (labelled) return labelled.id;
  let found: string | null = null;
  let nearest = tolerance;
  for (const wire of wires) {
    const distance = distanceToPath(p, wire.points);
    if (distance <= nearest) [found, nearest] = [wire.id, distance];
  }
  return found;
}

/** The node whose top is the lowest at or above the point (the nearest sideways on a tie), or
 * null when the point is above them all: a layer dropped beside a stack goes after that node. */
export function nodeAbove(p: Point, nodes: { key: number; box: Box }[]): number | null {
  let found: { key: number; top: number; aside: number } | null = null;
  for (const { key, box } of nodes) {
    if (box.y > p.y) continue;
    const aside = Math.abs(p.x - (box.x + box.width / 2));
    if (!found || box.y > found.top || (box.y === found.top && aside < found.aside)) found = { key, top: box.y, aside };
  }
  return found?.key ?? null;
}

/** Room kept between a layer dropped where another is and the layer it is moved below. */
const DROP_GAP = 24;

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Where a new layer of `size` goes, its top left wanted at `at`: there, or moved down below each
 * layer it would cover until it covers none (dropped just under a node, it hid that node's
 * output and its own input handle under the other).
 */
export function clearSpot(at: Point, size: { width: number; height: number }, boxes: Box[]): Point {
  const spot = { ...at };
  for (let tries = 0; tries <= boxes.length; tries++) {
    const under = boxes.filter((box) => overlap({ ...spot, ...size }, box));
    if (under.length === 0) return spot;
    spot.y = Math.max(...under.map((box) => box.y + box.height)) + DROP_GAP;
  }
  return spot;
}
