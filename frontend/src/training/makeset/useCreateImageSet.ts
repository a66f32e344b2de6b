// Create dataset: the pictures made small and zipped in the browser, then sent through the same
// upload as a ZIP a person chose, so every limit of the server applies to it unchanged.
import { useState } from "react";
import type { DatasetRecord } from "../../api/types";
import { askingMessage, sendUpload } from "../sendUpload";
import { UPLOAD_DEFAULTS } from "../uploadForm";
import { uploadProgressText } from "../uploadProgress";
import { zipName, zipSizeProblem, type UploadLimits } from "./imageSet";
import { imageSetZip } from "./imageSetZip";
import type { ClassDraft } from "./useImageSet";

export interface ImageSetChoices {
  name: string;
  size: number;
  color: "grayscale" | "rgb";
  /** The share of each class's pictures kept aside to validate on. */
  valFraction: number;
}

export interface Creating {
  /** What is happening while it is: "Making 120 of 400 pictures 32×32…", "Uploading… 42% (…)". */
  progress: string | null;
  /** Why the last try failed: a ZIP too large, or the server's own message. */
  error: string | null;
  create: (choices: ImageSetChoices, classes: ClassDraft[]) => Promise<DatasetRecord | null>;
}

export function useCreateImageSet(limits: UploadLimits): Creating {
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async ({ name, size, color, valFraction }: ImageSetChoices, classes: ClassDraft[]) => {
    setError(null);
    const making = (done: number, total: number) => setProgress(`Making ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} pictures ${size}×${size}…`);
    try {
      making(0, classes.reduce((sum, c) => sum + c.pictures.length, 0));
      const zip = await imageSetZip(classes, size, making);
      const tooLarge = zipSizeProblem(zip.length, limits);
      if (tooLarge) throw new Error(tooLarge);
      const file = new File([zip], zipName(name), { type: "application/zip" });
      const sent = (done: number, total: number) => setProgress(uploadProgressText(done, total));
      sent(0, file.size);
      // The model numbers the classes in the cards' order, as they were made, not by name.
      const classOrder = classes.map((c) => c.name.trim());
      const choices = { ...UPLOAD_DEFAULTS, task: "classification" as const, imageSize: size, color, valFraction, title: name.trim(), classOrder };
      // A lost connection: the server is asked whether it kept the upload, and the form says so.
      return await sendUpload(file, choices, { onProgress: sent, onAsking: (cancelled, whole) => setProgress(askingMessage(cancelled, whole)) });
    } catch (e: unknown) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    } finally {
      setProgress(null);
    }
  };
  return { progress, error, create };
}
