// The folders of src/ are layers, and imports point one way: down this list, never up it.
// A page may use the training charts, training may use the editor's fields, never the reverse.
import { describe, expect, it } from "vitest";

const LAYERS = ["api", "editor", "training", "models", "app"] as const;

const sources = import.meta.glob<string>(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** The layer a path (relative to src/, "./editor/x.ts") sits in; files at the top are above them all. */
function layerOf(path: string): number {
  const folder = path.replace(/^\.\//, "").split("/")[0]!;
  const rank = (LAYERS as readonly string[]).indexOf(folder);
  return rank < 0 ? LAYERS.length : rank;
}

/** Where a relative import in `from` points, as a path relative to src/ ("./models/x"). */
function resolve(from: string, spec: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const piece of spec.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

/** Every relative import in a file's text: `import … from "…"`, `export … from "…"`, `import("…")`, `import "…"`. */
function importsOf(text: string): string[] {
  const found = text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g);
  return [...found].map((m) => m[1]!);
}

function upwardImports(files: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    for (const spec of importsOf(text)) {
      const target = resolve(path, spec);
      if (layerOf(target) > layerOf(path)) problems.push(`${path} imports ${spec} (${target}), a layer above it`);
    }
  }
  return problems;
}

describe("the folders of src/", () => {
  it("are the layers, with no file lying outside them but the entry point", () => {
    const loose = Object.keys(sources).filter((path) => layerOf(path) === LAYERS.length && path !== "./main.tsx");
    expect(loose).toEqual([]);
  });

  it("import only from their own layer or the ones below", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    expect(upwardImports(sources)).toEqual([]);
  });

  it("the check sees an upward import, relative or not at the start of a line", () => {
    const files = {
      "./editor/a.ts": 'import { x } from "../models/b";\nexport { y } from "./c";',
      "./training/d.tsx": 'const lazy = import("../app/App");',
      "./models/e.ts": 'import "../training/f.css";',
    };
    expect(upwardImports(files)).toEqual([
      './editor/a.ts imports ../models/b (./models/b), a layer above it',
      './training/d.tsx imports ../app/App (./app/App), a layer above it',
    ]);
  });
});
