import { describe, expect, it } from "vitest";
import { crc32, storeZip, type ZipEntry } from "./zip";
// The same archive as bytes, committed for the backend test that reads it with Python's zipfile
// (tests/backend/test_browser_zip.py): what this writer makes, Python must read.
import fixture from "../../../../tests/backend/fixtures/browser_made.zip.b64?raw";

const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const base64 = (data: Uint8Array) => btoa(Array.from(data, (b) => String.fromCharCode(b)).join(""));

// Three tiny PNGs (3×2 red, 2×2 blue, 2×3 green), made by PIL.
const RED = bytes("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGP8zwAFTDAGAwATKQED8NgHhAAAAABJRU5ErkJggg==");
const BLUE = bytes("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAALHwEDmIWXfgAAAABJRU5ErkJggg==");
const GREEN = bytes("iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAFElEQVR4nGNkOMHAwMDAxMCARAEADywAzvDu7uQAAAAASUVORK5CYII=");

/** Two class folders, one with a name outside ASCII. */
const ENTRIES: ZipEntry[] = [
  { name: "red/1.png", data: RED },
  { name: "red/2.png", data: RED },
  { name: "Blau ü/1.png", data: BLUE },
  { name: "Blau ü/2.png", data: GREEN },
];

describe("crc32", () => {
  it("gives zlib's check values", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(new Uint8Array([0]))).toBe(0xd202ef8d);
  });
});

describe("storeZip", () => {
  it("makes the archive the backend test reads with Python's zipfile", () => {
    const made = base64(storeZip(ENTRIES));
    expect(made, `tests/backend/fixtures/browser_made.zip.b64 should now read:\n${made}`).toBe(fixture.trim());
  });

  it("lays out headers, files, directory and end record with the right sizes", () => {
    const zip = storeZip(ENTRIES);
    const view = new DataView(zip.buffer);
    const end = zip.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(4);
    const names = ENTRIES.reduce((n, e) => n + new TextEncoder().encode(e.name).length, 0);
    const files = ENTRIES.reduce((n, e) => n + e.data.length, 0);
    expect(view.getUint32(end + 12, true)).toBe(46 * 4 + names); // the directory's size
    expect(view.getUint32(end + 16, true)).toBe(30 * 4 + names + files); // where it starts
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint32(14, true)).toBe(crc32(RED));
  });

  it("refuses, before writing, what only ZIP64 records could hold: 65,535 files, or 4 GB", () => {
    const empty = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c/${i}.png`, data: new Uint8Array() }));
    const most = storeZip(empty(0xfffe));
    expect(new DataView(most.buffer).getUint16(most.length - 22 + 10, true)).toBe(0xfffe); // files in all
    expect(() => storeZip(empty(0xffff))).toThrow("A ZIP without ZIP64 holds fewer than 65535 files: there are 65535.");
    // Two files of 2 GB, never read: their sizes alone refuse them (a CRC of 4 GB would take minutes).
    const huge = { length: 2 ** 31 } as Uint8Array;
    expect(() => storeZip([{ name: "a/1.png", data: huge }, { name: "b/1.png", data: huge }])).toThrow(
      "The files are 4 GB or more together, too many for a ZIP without ZIP64.",
    );
  });

  it("makes an empty archive of its end record alone", () => {
    expect(storeZip([])).toEqual(Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]));
  });
});
