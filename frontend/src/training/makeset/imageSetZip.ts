// The dataset being made as a ZIP of class folders (`Class 1/1.png`, …), every picture made
// `side`×`side` first, so that the upload is small and the server's resize changes nothing.
import { pngBytes } from "../pictures/pictures";
import type { ClassDraft } from "./useImageSet";
import { storeZip, type ZipEntry } from "./zip";

export async function imageSetZip(classes: ClassDraft[], side: number, onProgress: (done: number, total: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  const total = classes.reduce((sum, c) => sum + c.pictures.length, 0);
  const entries: ZipEntry[] = [];
  for (const c of classes) {
    const folder = c.name.trim();
    for (const [i, picture] of c.pictures.entries()) {
      entries.push({ name: `${folder}/${i + 1}.png`, data: await pngBytes(picture.blob, side) });
      if (entries.length % 25 === 0) onProgress(entries.length, total);
    }
  }
  return storeZip(entries);
}
