// The pictures inside a ZIP, read in the browser for the table's thumbnails (never sent back):
// the central directory, then each picture's bytes, stored or inflated (Deflate) by the browser.

const PICTURE = /\.(png|jpe?g|gif|bmp|webp)$/i;
const MAX_PICTURE_BYTES = 10 * 2 ** 20; // a larger one gets no thumbnail

export interface ZipPicture {
  /** The member's path, as the server names the item: `digits/3/7.png`. */
  name: string;
  blob: Blob;
}

/** Where the end of central directory record starts, searching back over a comment. */
function endRecord(view: DataView): number {
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 65535); at--) {
    if (view.getUint32(at, true) === 0x06054b50) return at;
  }
  return -1;
}

async function inflate(data: Uint8Array): Promise<Blob> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).blob();
}

/** The ZIP's pictures, at most `limit` of them; a ZIP the browser cannot read gives none. */
export async function zipPictures(file: Blob, limit: number): Promise<ZipPicture[]> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const view = new DataView(bytes.buffer);
  const end = endRecord(view);
  if (end < 0) return [];
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const pictures: ZipPicture[] = [];
  for (let i = 0; i < count && pictures.length < limit && at + 46 <= bytes.length; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) break;
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const [nameLength, extra, comment] = [28, 30, 32].map((k) => view.getUint16(at + k, true)) as [number, number, number];
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (!PICTURE.test(name) || packed > MAX_PICTURE_BYTES || local + 30 > bytes.length) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + packed);
    try {
      if (method === 0) pictures.push({ name, blob: new Blob([data as BlobPart]) });
      else if (method === 8) pictures.push({ name, blob: await inflate(data) });
    } catch {
      // a damaged member: the server says so in its row; it just has no thumbnail
    }
  }
  return pictures;
}
