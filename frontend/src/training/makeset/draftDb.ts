// The image dataset being made, as this browser keeps it in IndexedDB: one record of its choices
// and classes (each naming its pictures by key), and the pictures as Blobs, one record each, so a
// new webcam frame writes one picture, not all of them again. Every tab of the site shares it: a
// change reads the record and writes it back in one transaction, which IndexedDB runs one at a
// time across tabs, so no tab's write drops what another tab added.
import type { ImageSetChoices } from "./useCreateImageSet";

const DB_NAME = "torchcanvas-image-set";
const DRAFT = "draft";
const PICTURES = "pictures";
const DRAFT_KEY = "draft";
const OPEN_TIMEOUT_MS = 3000;

/** The last dataset made from the draft, said in the dialog so a person knows what is kept. */
export interface MadeNote {
  title: string;
  pictures: number;
}

export interface StoredClass {
  /** Names the class across tabs (its id in the dialog is this page's own). */
  key: string;
  name: string;
  /** The keys of its pictures in the pictures store, in order. */
  pictures: string[];
}

export interface StoredDraft {
  choices: Partial<ImageSetChoices>;
  classes: StoredClass[];
  made: MadeNote | null;
}

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === "undefined") throw new Error("this browser has no IndexedDB");
    const request = indexedDB.open(DB_NAME, 1);
    // Opening can wait forever (another tab blocks it, a broken profile): the dialog must not.
    const timer = setTimeout(() => reject(new Error(`its storage did not open within ${OPEN_TIMEOUT_MS / 1000} s`)), OPEN_TIMEOUT_MS);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(DRAFT);
      request.result.createObjectStore(PICTURES);
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      request.result.onversionchange = () => request.result.close(); // a newer page's upgrade is not blocked by this one
      resolve(request.result);
    };
    request.onblocked = () => reject(new Error("its storage is held by another tab of this site: close the other tabs and reload"));
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

const keysOf = (draft: StoredDraft) => new Set(draft.classes.flatMap((c) => c.pictures));

/**
 * Changes the kept draft as it is now (another tab may have changed it since this one read it):
 * new pictures are written where the changed draft names them, and pictures it no longer names are
 * deleted, in the same transaction. Nothing is written where no draft is kept.
 */
export const changeDraft = (edit: (draft: StoredDraft) => StoredDraft, blobs: { key: string; blob: Blob }[] = []) =>
  inTransaction([DRAFT, PICTURES], "readwrite", (tx) => {
    const read = tx.objectStore(DRAFT).get(DRAFT_KEY);
    read.onsuccess = () => {
      const before = asStoredDraft(read.result);
      if (!before) return;
      const after = edit(before);
      tx.objectStore(DRAFT).put(after, DRAFT_KEY);
      const named = keysOf(after);
      blobs.forEach(({ key, blob }) => named.has(key) && tx.objectStore(PICTURES).put(blob, key));
      keysOf(before).forEach((key) => named.has(key) || tx.objectStore(PICTURES).delete(key));
    };
  });

/**
 * The kept draft (first keeping `initial` where none is) and the pictures it names, except those
 * in `held`, which this page has already read.
 */
export async function readDraft(initial: StoredDraft, held: Set<string>): Promise<{ draft: StoredDraft; pictures: Map<string, Blob> }> {
  let draft = initial;
  const pictures = new Map<string, Blob>();
  await inTransaction([DRAFT, PICTURES], "readwrite", (tx) => {
    const read = tx.objectStore(DRAFT).get(DRAFT_KEY);
    read.onsuccess = () => {
      const kept = asStoredDraft(read.result);
      if (kept) draft = kept;
      else tx.objectStore(DRAFT).put(initial, DRAFT_KEY);
      keysOf(draft).forEach((key) => {
        if (held.has(key)) return;
        const blob = tx.objectStore(PICTURES).get(key);
        blob.onsuccess = () => blob.result instanceof Blob && pictures.set(key, blob.result);
      });
    };
  });
  return { draft, pictures };
}

/** The value as a kept draft, if it reads as one; classes kept before they had keys get them by place. */
function asStoredDraft(value: unknown): StoredDraft | null {
  if (typeof value !== "object" || value === null) return null;
  const { classes, choices, made } = value as Partial<StoredDraft>;
  const valid =
    typeof choices === "object" &&
    choices !== null &&
    Array.isArray(classes) &&
    classes.every((c) => typeof c?.name === "string" && Array.isArray(c.pictures) && c.pictures.every((key) => typeof key === "string"));
  if (!valid) return null;
  return { choices, made: made ?? null, classes: classes.map((c, i) => ({ ...c, key: typeof c.key === "string" ? c.key : `class-${i}` })) };
}
