// What an image dataset made in the browser must be before it is sent, checked with the server's
// own limits (the catalogue's upload_limits), so that a refusal comes before the upload, not after.
import type { Catalog } from "../../api/types";
import { formatBytes } from "../../editor/formatBytes";

export type UploadLimits = Catalog["upload_limits"];

/** One class as the checks see it: its name as typed, and how many pictures it has. */
export interface ClassCount {
  name: string;
  count: number;
}

/** The ZIP's file name, which the server keeps as the dataset's title. */
export const zipName = (name: string) => `${name.trim()}.zip`;

const SLASHES = /[/\\]/;

/** Where `text` holds a character the server refuses in a name (the catalogue's hidden_characters),
 * in the server's words: "the invisible character U+200B at position 3". */
function hiddenIn(text: string, limits: UploadLimits): string | null {
  const hidden = new RegExp(`[${limits.hidden_characters}]`).exec(text);
  if (!hidden) return null;
  const code = hidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  return `the invisible character U+${code} at position ${hidden.index + 1}`;
}

function nameProblem(name: string, limits: UploadLimits): string | null {
  const hidden = hiddenIn(name, limits);
  if (hidden) return `The dataset's name holds ${hidden}: remove it, names are shown as typed.`;
  const typed = name.trim();
  if (!typed) return "Name the dataset.";
  if (SLASHES.test(typed)) return `The dataset's name \`${typed}\` holds a / or \\: leave them out.`;
  const longest = limits.max_file_name_chars - ".zip".length;
  if (typed.length > longest) return `The dataset's name is ${typed.length} characters, more than the limit of ${longest}: shorten it.`;
  return null;
}

/** The server reads a class from its folder's name, and skips folders it takes for system files. */
function classNameProblem(name: string, index: number, limits: UploadLimits): string | null {
  const hidden = hiddenIn(name, limits);
  if (hidden) return `Class ${index + 1}'s name holds ${hidden}: remove it, a class's name must read as it is.`;
  const typed = name.trim();
  if (!typed) return `Class ${index + 1} has no name: name it.`;
  if (typed.length > limits.max_class_name_chars)
    return `The class name \`${typed.slice(0, 20)}…\` is ${typed.length} characters, more than the limit of ${limits.max_class_name_chars}: shorten it.`;
  if (SLASHES.test(typed)) return `The class name \`${typed}\` holds a / or \\: leave them out.`;
  if (typed.startsWith(".")) return `The class name \`${typed}\` starts with a dot, and folders named so are skipped as hidden: rename it.`;
  if (typed === "__MACOSX") return "The class name `__MACOSX` is skipped as macOS's own folder: rename it.";
  return null;
}

const count = (n: number) => n.toLocaleString("en-US");

/** A name as it shows, as the server compares class names: accents composed ("e" and U+0301 is
 * "é"), spaces of every kind and count as one. */
function asItLooks(name: string): string {
  return name.normalize("NFC").split(/\s+/).join(" ");
}

/** The first thing the server would refuse (or silently drop) in this dataset, or null. */
export function imageSetProblem(name: string, classes: ClassCount[], size: number, limits: UploadLimits): string | null {
  const named = nameProblem(name, limits);
  if (named) return named;
  if (classes.length < 2) return "A classifier needs at least two classes: add a class.";
  if (classes.length > limits.max_classes) return `There are ${count(classes.length)} classes, more than the limit of ${count(limits.max_classes)}: remove some.`;
  // Folders whose names differ only in case are one folder on macOS and Windows, where the ZIP is
  // opened; those that differ only in their spaces or an accent's writing look the same, and the
  // server refuses them (label_names.py).
  const looks = new Map<string, string>();
  const folders = new Map<string, string>();
  for (const [index, c] of classes.entries()) {
    const problem = classNameProblem(c.name, index, limits);
    if (problem) return problem;
    const typed = c.name.trim();
    const alike = looks.get(asItLooks(typed));
    if (alike === typed) return `Two classes are named \`${typed}\`: rename one.`;
    if (alike !== undefined)
      return `Two classes are named \`${alike}\` and \`${typed}\`, which look the same: they differ only in their spaces or in how a letter's accent is written. Rename one.`;
    const folder = folders.get(typed.toLowerCase());
    if (folder !== undefined) return `Two classes are named \`${folder}\` and \`${typed}\`, one folder on macOS and Windows: rename one.`;
    looks.set(asItLooks(typed), typed);
    folders.set(typed.toLowerCase(), typed);
  }
  const empty = classes.find((c) => c.count === 0);
  if (empty) return `\`${empty.name.trim()}\` has no pictures: add some, or remove the class.`;
  const pictures = classes.reduce((sum, c) => sum + c.count, 0);
  if (pictures > limits.max_files) return `There are ${count(pictures)} pictures, more than the limit of ${count(limits.max_files)}: remove some.`;
  const pixels = pictures * size * size;
  if (pixels > limits.max_total_pixels) {
    return (
      `${count(pictures)} pictures of ${size}×${size} are ${count(pixels)} pixels, more than the limit of ` +
      `${count(limits.max_total_pixels)}: choose a smaller picture size, or remove some pictures.`
    );
  }
  return null;
}

/** Why a ZIP that was made is too large to send, or null. */
export function zipSizeProblem(bytes: number, limits: UploadLimits): string | null {
  if (bytes <= limits.max_file_bytes) return null;
  return (
    `The pictures make a ZIP of ${formatBytes(bytes)}, more than the upload limit of ${formatBytes(limits.max_file_bytes)}: ` +
    "choose a smaller picture size, or remove some pictures."
  );
}
