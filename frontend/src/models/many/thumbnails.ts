// Thumbnails of the set's pictures, made from the files in the browser: an object URL for each
// picture chosen, or for each picture inside a chosen ZIP, by the name its item has.
import { zipPictures } from "./zipPictures";

export type Thumbnails = Map<string, string>;

export async function thumbnails(files: File[], limit: number): Promise<Thumbnails> {
  const urls: Thumbnails = new Map();
  for (const file of files) {
    if (/\.zip$/i.test(file.name)) {
      for (const picture of await zipPictures(file, limit)) urls.set(picture.name, URL.createObjectURL(picture.blob));
    } else if (file.type.startsWith("image/")) {
      urls.set(file.name, URL.createObjectURL(file));
    }
  }
  return urls;
}

export function releaseThumbnails(urls: Thumbnails) {
  for (const url of urls.values()) URL.revokeObjectURL(url);
}
