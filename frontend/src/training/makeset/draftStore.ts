// The image dataset being made (its choices, classes and pictures), held for the whole page, not
// by the dialog, which goes with the editor when another page opens, and kept in this browser's
// IndexedDB, so a reload or the runs page loses nothing. Pictures past the dialog's own limits
// (the upload's file count and size) stay in memory only, and leaving the page asks first.
import { clearDraft, deletePictures, putPictures, readDraft, writeDraft, type MadeNote, type StoredDraft } from "./draftDb";
import type { ImageSetChoices } from "./useCreateImageSet";

export interface Picture {
  id: number;
  /** The picture at the largest size the dataset may be made at; made smaller when sent. */
  blob: Blob;
  /** An object URL of blob, for its thumbnail; revoked when the picture goes. */
  url: string;
  /** Its key in this browser's storage; null where it is not kept there (past the limits). */
  stored: string | null;
}

export interface ClassDraft {
  id: number;
  name: string;
  pictures: Picture[];
}

export interface Draft {
  /** What the person chose; a size or share left out is the dialog's default. */
  choices: Partial<ImageSetChoices>;
  classes: ClassDraft[];
  made: MadeNote | null;
  /** Whether what this browser kept has been read back (the dialog waits for it). */
  restored: boolean;
  /** Why this browser cannot keep the pictures, if it cannot. */
  problem: string | null;
  /** Writes not yet done: a reload now would lose the newest pictures. */
  pending: number;
}

/** How much of a draft is kept in the browser: no more than one upload may hold. */
export interface KeepBounds {
  maxPictures: number;
  maxBytes: number;
}

let nextId = 1;
const page = Math.random().toString(36).slice(2, 10); // keys of two tabs' pictures never meet
const newClass = (name: string): ClassDraft => ({ id: nextId++, name, pictures: [] });
const starting = () => [newClass("Class 1"), newClass("Class 2")];
const picture = (blob: Blob, stored: string | null): Picture => ({ id: nextId++, blob, url: URL.createObjectURL(blob), stored });
const forget = (pictures: Picture[]) => pictures.forEach((p) => URL.revokeObjectURL(p.url));
const keysOf = (pictures: Picture[]) => pictures.flatMap((p) => (p.stored ? [p.stored] : []));

/** "shapes" → "shapes 2", "shapes 2" → "shapes 3": the name a next version of a made dataset gets. */
export function nextVersionName(name: string): string {
  const typed = name.trim();
  const numbered = /^(.*\S)\s+(\d+)$/.exec(typed);
  return numbered ? `${numbered[1]} ${Number(numbered[2]) + 1}` : `${typed} 2`;
}

class DraftStore {
  private draft: Draft = { choices: {}, classes: starting(), made: null, restored: false, problem: null, pending: 0 };
  private listeners = new Set<() => void>();
  private restoring: Promise<void> | null = null;
  private bounds: KeepBounds = { maxPictures: 0, maxBytes: 0 };
  private writes: Promise<void> = Promise.resolve();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  snapshot = () => this.draft;

  /** Pictures that a reload would lose: past the limits, not yet written, or all where nothing is kept. */
  unkept(): number {
    const pictures = this.draft.classes.flatMap((c) => c.pictures);
    if (this.draft.problem || this.draft.pending > 0) return pictures.length;
    return pictures.filter((p) => p.stored === null).length;
  }

  /** Reads back what this browser kept, once a page; the dialog shows when it is done. */
  restore(bounds: KeepBounds): Promise<void> {
    this.bounds = bounds;
    this.restoring ??= readDraft().then(
      ({ draft, pictures }) => {
        if (draft) this.apply(draft, pictures);
        const used = new Set(keysOf(this.draft.classes.flatMap((c) => c.pictures)));
        const orphans = [...pictures.keys()].filter((key) => !used.has(key));
        if (orphans.length > 0) this.queue(() => deletePictures(orphans));
        this.set({ restored: true }, false);
      },
      (e: unknown) => this.set({ restored: true, problem: reason(e) }, false),
    );
    return this.restoring;
  }

  private apply(stored: StoredDraft, blobs: Map<string, Blob>) {
    const classes = stored.classes.map((c) => ({
      ...newClass(c.name),
      pictures: c.pictures.flatMap((key) => {
        const blob = blobs.get(key);
        return blob ? [picture(blob, key)] : [];
      }),
    }));
    this.set({ choices: stored.choices, made: stored.made, classes: classes.length > 0 ? classes : starting() }, false);
  }

  choose = (change: Partial<ImageSetChoices>) => this.set({ choices: { ...this.draft.choices, ...change } });
  addClass = () => this.set({ classes: [...this.draft.classes, newClass(`Class ${this.draft.classes.length + 1}`)] });
  rename = (classId: number, name: string) => this.change(classId, (c) => ({ ...c, name }));
  removeClass = (classId: number) => this.drop(this.draft.classes.find((c) => c.id === classId)?.pictures ?? [], { classes: this.draft.classes.filter((c) => c.id !== classId) });
  removePicture = (classId: number, pictureId: number) => {
    const gone = this.draft.classes.find((c) => c.id === classId)?.pictures.filter((p) => p.id === pictureId) ?? [];
    this.drop(gone, { classes: this.draft.classes.map((c) => (c.id === classId ? { ...c, pictures: c.pictures.filter((p) => p.id !== pictureId) } : c)) });
  };

  addPictures = (classId: number, blobs: Blob[]) => {
    const kept = this.draft.classes.flatMap((c) => c.pictures).filter((p) => p.stored !== null);
    let count = kept.length;
    let bytes = kept.reduce((sum, p) => sum + p.blob.size, 0);
    const added = blobs.map((blob) => {
      const fits = !this.draft.problem && count < this.bounds.maxPictures && bytes + blob.size <= this.bounds.maxBytes;
      if (fits) [count, bytes] = [count + 1, bytes + blob.size];
      return picture(blob, fits ? `${page}-${nextId}` : null);
    });
    const stored = added.flatMap((p) => (p.stored ? [{ key: p.stored, blob: p.blob }] : []));
    if (stored.length > 0) this.queue(() => putPictures(stored));
    this.change(classId, (c) => ({ ...c, pictures: [...c.pictures, ...added] }));
  };

  /** A dataset was made of the draft: it stays, to add to and make again, under a next name. */
  made = (title: string, pictures: number) => this.set({ made: { title, pictures }, choices: { ...this.draft.choices, name: nextVersionName(title) } });

  /** Back to two empty classes and no name, here and in the browser's storage; the sizes stay. */
  startOver = () => {
    forget(this.draft.classes.flatMap((c) => c.pictures));
    const kept = { ...this.draft.choices };
    delete kept.name;
    this.set({ choices: kept, classes: starting(), made: null, problem: null }, false);
    this.queue(clearDraft);
    this.save();
  };

  private change(classId: number, edit: (c: ClassDraft) => ClassDraft) {
    this.set({ classes: this.draft.classes.map((c) => (c.id === classId ? edit(c) : c)) });
  }

  private drop(pictures: Picture[], change: Partial<Draft>) {
    forget(pictures);
    this.set(change);
    const keys = keysOf(pictures);
    if (keys.length > 0) this.queue(() => deletePictures(keys));
  }

  private set(change: Partial<Draft>, save = true) {
    this.draft = { ...this.draft, ...change };
    this.listeners.forEach((listener) => listener());
    if (save) this.save();
  }

  private save() {
    const { choices, classes, made } = this.draft;
    const stored: StoredDraft = { choices, made, classes: classes.map((c) => ({ name: c.name, pictures: keysOf(c.pictures) })) };
    this.queue(() => writeDraft(stored));
  }

  /** Writes run one after another, in the order the changes were made. */
  private queue(write: () => Promise<void>) {
    if (this.draft.problem) return;
    this.set({ pending: this.draft.pending + 1 }, false);
    this.writes = this.writes
      .then(write)
      .catch((e: unknown) => this.set({ problem: reason(e) }, false))
      .finally(() => this.set({ pending: this.draft.pending - 1 }, false));
  }
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The one draft of this page. */
export const imageSetDraft = new DraftStore();

// A reload or a closed tab asks first while pictures are held that this browser has not kept.
if (typeof window !== "undefined") {
  window.addEventListener("beforeunload", (event) => {
    if (imageSetDraft.unkept() === 0) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers ask only when it is set
  });
}
