// A ZIP archive of whole files, stored without compression (pictures are compressed already):
// local headers, the files, a central directory and its end record, as APPNOTE 6.3 lays them out.
// Names are UTF-8 (flag bit 11), so a class named "Katze ü" reads back as itself.

export interface ZipEntry {
  /** The path inside the archive, with "/" between folders: `cats/1.png`. */
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 (IEEE 802.3, as zlib's crc32) of some bytes. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const UTF8_NAMES = 0x0800; // general purpose flag bit 11
const VERSION = 20; // 2.0: files in folders, no compression
const MAX_32 = 0xffffffff; // past this a ZIP needs ZIP64 records, which this writer does not write
const MAX_16 = 0xffff;

/** A zeroed header of `size` bytes, and a little-endian view to fill it through. */
function header(size: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(size);
  return { bytes, view: new DataView(bytes.buffer) };
}

// Every file is dated 1980-01-01 00:00 (DOS date, time 0), so the same files make the same archive.
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Each entry's name as UTF-8, once the archive is known to fit without ZIP64 records: checked
 * before a byte is written. 0xFFFF and 0xFFFFFFFF themselves mean "see ZIP64" to a reader. */
function fittingNames(entries: ZipEntry[]): Uint8Array[] {
  if (entries.length >= MAX_16) throw new Error(`A ZIP without ZIP64 holds fewer than ${MAX_16} files: there are ${entries.length}.`);
  const encoder = new TextEncoder();
  const names = entries.map((entry) => encoder.encode(entry.name));
  let size = 0;
  for (const [i, entry] of entries.entries()) {
    if (names[i]!.length >= MAX_16) throw new Error(`The name ${entry.name.slice(0, 40)}… is too long for a ZIP.`);
    size += 30 + 46 + 2 * names[i]!.length + entry.data.length; // local header, file, directory record
  }
  if (size >= MAX_32) throw new Error("The files are 4 GB or more together, too many for a ZIP without ZIP64.");
  return names;
}

/** The archive's bytes: each entry stored as it is, in the order given. */
export function storeZip(entries: ZipEntry[]): Uint8Array<ArrayBuffer> {
  const names = fittingNames(entries);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [i, entry] of entries.entries()) {
    const name = names[i]!;
    const size = entry.data.length;
    const crc = crc32(entry.data);
    const local = header(30 + name.length);
    // local file header: signature, version, flags, method 0 (stored), time, date, crc, sizes, name length
    local.view.setUint32(0, 0x04034b50, true);
    local.view.setUint16(4, VERSION, true);
    local.view.setUint16(6, UTF8_NAMES, true);
    local.view.setUint16(12, DOS_DATE, true);
    local.view.setUint32(14, crc, true);
    local.view.setUint32(18, size, true);
    local.view.setUint32(22, size, true);
    local.view.setUint16(26, name.length, true);
    local.bytes.set(name, 30);
    const record = header(46 + name.length);
    // central directory record: the same fields, and where the local header starts
    record.view.setUint32(0, 0x02014b50, true);
    record.view.setUint16(4, VERSION, true);
    record.view.setUint16(6, VERSION, true);
    record.view.setUint16(8, UTF8_NAMES, true);
    record.view.setUint16(14, DOS_DATE, true);
    record.view.setUint32(16, crc, true);
    record.view.setUint32(20, size, true);
    record.view.setUint32(24, size, true);
    record.view.setUint16(28, name.length, true);
    record.view.setUint32(42, offset, true);
    record.bytes.set(name, 46);
    parts.push(local.bytes, entry.data);
    central.push(record.bytes);
    offset += local.bytes.length + size;
  }
  const directorySize = central.reduce((sum, r) => sum + r.length, 0);
  const end = header(22);
  // end of central directory: entries on this disk and in all, the directory's size and offset
  end.view.setUint32(0, 0x06054b50, true);
  end.view.setUint16(8, entries.length, true);
  end.view.setUint16(10, entries.length, true);
  end.view.setUint32(12, directorySize, true);
  end.view.setUint32(16, offset, true);
  const zip = new Uint8Array(offset + directorySize + end.bytes.length);
  let at = 0;
  for (const part of [...parts, ...central, end.bytes]) {
    zip.set(part, at);
    at += part.length;
  }
  return zip;
}
