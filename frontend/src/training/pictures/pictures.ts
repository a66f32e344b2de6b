// Pictures made small in the browser: a chosen file squashed to a square, as the server resizes
// an uploaded image (and a picture a model is tried on), or the middle square of a webcam frame.

/** A bitmap drawn onto a square canvas, as PNG. */
async function png(bitmap: ImageBitmap, side: number): Promise<Blob> {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = side;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot draw pictures (no 2D canvas).");
  context.drawImage(bitmap, 0, 0, side, side);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The browser could not write the picture as PNG."))), "image/png"),
  );
}

const resize = (side: number): ImageBitmapOptions => ({ resizeWidth: side, resizeHeight: side, resizeQuality: "high" });

/** A picture file as a `side`×`side` PNG; null when the browser cannot read it as a picture. */
export async function pictureFromFile(file: Blob, side: number): Promise<Blob | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, resize(side));
  } catch {
    return null;
  }
  return png(bitmap, side);
}

/** The middle square of the video's current frame (what its square preview shows), as a PNG. */
export async function pictureFromVideo(video: HTMLVideoElement, side: number): Promise<Blob> {
  const { videoWidth: width, videoHeight: height } = video;
  const square = Math.min(width, height);
  const bitmap = await createImageBitmap(video, (width - square) / 2, (height - square) / 2, square, square, resize(side));
  return png(bitmap, side);
}

/** A stored picture at the dataset's size, as the PNG file's bytes for the ZIP. */
export async function pngBytes(picture: Blob, side: number): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(picture, resize(side));
  return new Uint8Array(await (await png(bitmap, side)).arrayBuffer());
}
