// The image dataset being made, as this browser keeps it in IndexedDB: one record of its choices
// and classes (each naming its pictures by key), and the pictures as Blobs, one record each, so a
// new webcam frame writes one picture, not all of them again.
import type { ImageSetChoices } from "./useCreateImageSet";

const DB_NAME = "torchcanvas-image-set";
const DRAFT = "draft";
const PICTURES = "pictures";
const DRAFT_KEY = "draft";

/** The last dataset made from the draft, said in the dialog so a person knows what is kept. */
export interface MadeNote {
  title: string;
  pictures: number;
}

export interface StoredDraft {
  choices: Partial<ImageSetChoices>;
  /** Each class's name, and the keys of its pictures in the pictures store, in order. */
  classes: { name: string; pictures: string[] }[];
  made: MadeNote | null;
}

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === "undefined") throw new Error("this browser has no IndexedDB");
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(DRAFT);
      request.result.createObjectStore(PICTURES);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB did not open"));
  }).catch((e: unknown) => {
    opening = null; // a later write tries again
    throw e;
  });
  return opening;
}

async function inTransaction(stores: string[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => void): Promise<void> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB refused the write"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB stopped the write"));
    work(tx);
  });
}

export const writeDraft = (draft: StoredDraft) => inTransaction([DRAFT], "readwrite", (tx) => tx.objectStore(DRAFT).put(draft, DRAFT_KEY));

export const putPictures = (pictures: { key: string; blob: Blob }[]) =>
  inTransaction([PICTURES], "readwrite", (tx) => pictures.forEach(({ key, blob }) => tx.objectStore(PICTURES).put(blob, key)));

export const deletePictures = (keys: string[]) => inTransaction([PICTURES], "readwrite", (tx) => keys.forEach((key) => tx.objectStore(PICTURES).delete(key)));

export const clearDraft = () =>
  inTransaction([DRAFT, PICTURES], "readwrite", (tx) => {
    tx.objectStore(DRAFT).clear();
    tx.objectStore(PICTURES).clear();
  });

/** The kept draft, if any and if it reads as one, and every kept picture by its key. */
export async function readDraft(): Promise<{ draft: StoredDraft | null; pictures: Map<string, Blob> }> {
  let draft: unknown = null;
  let keys: IDBValidKey[] = [];
  let blobs: unknown[] = [];
  await inTransaction([DRAFT, PICTURES], "readonly", (tx) => {
    const read = tx.objectStore(DRAFT).get(DRAFT_KEY);
    read.onsuccess = () => (draft = read.result ?? null);
    const pictures = tx.objectStore(PICTURES);
    const readKeys = pictures.getAllKeys();
    readKeys.onsuccess = () => (keys = readKeys.result);
    const readBlobs = pictures.getAll();
    readBlobs.onsuccess = () => (blobs = readBlobs.result);
  });
  const pictures = new Map<string, Blob>();
  keys.forEach((key, i) => blobs[i] instanceof Blob && pictures.set(String(key), blobs[i]));
  return { draft: isStoredDraft(draft) ? draft : null, pictures };
}

function isStoredDraft(value: unknown): value is StoredDraft {
  if (typeof value !== "object" || value === null) return false;
  const { classes, choices } = value as Partial<StoredDraft>;
  return (
    typeof choices === "object" &&
    Array.isArray(classes) &&
    classes.every((c) => typeof c?.name === "string" && Array.isArray(c.pictures) && c.pictures.every((key) => typeof key === "string"))
  );
}
