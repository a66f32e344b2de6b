// The image dataset being made (its choices, classes and pictures), held for the whole page, not
// by the dialog, which goes with the editor when another page opens, and kept in this browser's
// IndexedDB, so a reload or the runs page loses nothing. Pictures past the dialog's own limits
// (the upload's file count and size) stay in memory only, and leaving the page asks first. Every
// tab of the site shows the one kept draft: each change is made to it as it is stored (see
// draftDb's changeDraft), and told to the other tabs, which read it again.
import { changeDraft, readDraft, type MadeNote, type StoredClass, type StoredDraft } from "./draftDb";
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
  /** Names the class in the kept draft, across tabs. */
  key: string;
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
const newClass = (name: string): ClassDraft => ({ id: nextId, key: `${page}-${nextId++}`, name, pictures: [] });
const starting = () => [newClass("Class 1"), newClass("Class 2")];
const picture = (blob: Blob, stored: string | null): Picture => ({ id: nextId++, blob, url: URL.createObjectURL(blob), stored });
const forget = (pictures: Picture[]) => pictures.forEach((p) => URL.revokeObjectURL(p.url));
const keysOf = (pictures: Picture[]) => pictures.flatMap((p) => (p.stored ? [p.stored] : []));
const asStored = (c: ClassDraft): StoredClass => ({ key: c.key, name: c.name, pictures: keysOf(c.pictures) });
/** Edits one class of a kept draft, if it is still there. */
const inClass = (key: string, edit: (c: StoredClass) => StoredClass) => (d: StoredDraft) => ({ ...d, classes: d.classes.map((c) => (c.key === key ? edit(c) : c)) });

// Tells the other tabs of this site that the kept draft changed; they read it again.
const tabs = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("torchcanvas-image-set");

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
  /** Another tab changed the kept draft while this one had changes waiting: read it once they are written. */
  private stale = false;

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
    this.restoring ??= this.read().then(
      (kept) => {
        this.show(kept);
        this.set({ restored: true });
        if (tabs) tabs.onmessage = () => this.queue(() => this.reread());
      },
      (e: unknown) => this.set({ restored: true, problem: reason(e) }),
    );
    return this.restoring;
  }

  /** Another tab changed the kept draft: show it, unless this tab's own changes wait to be written. */
  private async reread() {
    const kept = await this.read();
    if (this.draft.pending > 1) this.stale = true; // shown once they are written, which they are not yet
    else this.show(kept);
  }

  /** The kept draft (this one, where none is kept yet), with the pictures this page does not hold. */
  private read() {
    const { choices, classes, made } = this.draft;
    return readDraft({ choices, made, classes: classes.map(asStored) }, new Set(keysOf(classes.flatMap((c) => c.pictures))));
  }

  /** Shows a kept draft, keeping this page's pictures that are past the limits in their classes. */
  private show({ draft, pictures }: Awaited<ReturnType<typeof readDraft>>) {
    const here = new Map(this.draft.classes.map((c) => [c.key, c]));
    const held = new Map(this.draft.classes.flatMap((c) => c.pictures).flatMap((p) => (p.stored ? [[p.stored, p] as const] : [])));
    const classes = draft.classes.map((c): ClassDraft => {
      const kept = c.pictures.flatMap((key) => {
        const mine = held.get(key);
        const blob = pictures.get(key);
        return mine ? [mine] : blob ? [picture(blob, key)] : [];
      });
      const unkept = here.get(c.key)?.pictures.filter((p) => p.stored === null) ?? [];
      return { id: here.get(c.key)?.id ?? nextId++, key: c.key, name: c.name, pictures: [...kept, ...unkept] };
    });
    const shown = new Set(classes.flatMap((c) => c.pictures));
    forget(this.draft.classes.flatMap((c) => c.pictures).filter((p) => !shown.has(p)));
    this.set({ choices: draft.choices, made: draft.made, classes });
  }

  choose = (change: Partial<ImageSetChoices>) => {
    this.set({ choices: { ...this.draft.choices, ...change } });
    this.save((d) => ({ ...d, choices: { ...d.choices, ...change } }));
  };

  addClass = () => {
    const added = newClass(`Class ${this.draft.classes.length + 1}`);
    this.set({ classes: [...this.draft.classes, added] });
    this.save((d) => ({ ...d, classes: [...d.classes, asStored(added)] }));
  };

  rename = (classId: number, name: string) => this.change(classId, (c) => ({ ...c, name }), (c) => ({ ...c, name }));

  removeClass = (classId: number) => {
    const gone = this.draft.classes.find((c) => c.id === classId);
    if (!gone) return;
    forget(gone.pictures);
    this.set({ classes: this.draft.classes.filter((c) => c !== gone) });
    this.save((d) => ({ ...d, classes: d.classes.filter((c) => c.key !== gone.key) }));
  };

  removePicture = (classId: number, pictureId: number) => {
    const gone = this.draft.classes.find((c) => c.id === classId)?.pictures.find((p) => p.id === pictureId);
    if (!gone) return;
    forget([gone]);
    this.change(
      classId,
      (c) => ({ ...c, pictures: c.pictures.filter((p) => p !== gone) }),
      (c) => ({ ...c, pictures: c.pictures.filter((key) => key !== gone.stored) }),
    );
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
    const keys = stored.map((p) => p.key);
    this.change(classId, (c) => ({ ...c, pictures: [...c.pictures, ...added] }), (c) => ({ ...c, pictures: [...c.pictures, ...keys] }), stored);
  };

  /** A dataset was made of the draft: it stays, to add to and make again, under a next name. */
  made = (title: string, pictures: number) => {
    const note = { title, pictures };
    const name = nextVersionName(title);
    this.set({ made: note, choices: { ...this.draft.choices, name } });
    this.save((d) => ({ ...d, made: note, choices: { ...d.choices, name } }));
  };

  /** Back to two empty classes and no name, here, in the browser's storage and so in every tab; the sizes stay. */
  startOver = () => {
    forget(this.draft.classes.flatMap((c) => c.pictures));
    const classes = starting();
    const withoutName = (choices: Partial<ImageSetChoices>) => {
      const kept = { ...choices };
      delete kept.name;
      return kept;
    };
    this.set({ choices: withoutName(this.draft.choices), classes, made: null, problem: null });
    this.save((d) => ({ choices: withoutName(d.choices), classes: classes.map(asStored), made: null }));
  };

  /** Changes one class here, and in the kept draft by its key. */
  private change(classId: number, here: (c: ClassDraft) => ClassDraft, kept: (c: StoredClass) => StoredClass, blobs: { key: string; blob: Blob }[] = []) {
    const key = this.draft.classes.find((c) => c.id === classId)?.key;
    if (key === undefined) return;
    this.set({ classes: this.draft.classes.map((c) => (c.id === classId ? here(c) : c)) });
    this.save(inClass(key, kept), blobs);
  }

  private set(change: Partial<Draft>) {
    this.draft = { ...this.draft, ...change };
    this.listeners.forEach((listener) => listener());
  }

  /** Makes the same change to the kept draft, then tells the other tabs. */
  private save(edit: (draft: StoredDraft) => StoredDraft, blobs: { key: string; blob: Blob }[] = []) {
    this.queue(() => changeDraft(edit, blobs).then(() => tabs?.postMessage("changed")));
  }

  /** Writes (and reads again) run one after another, in the order the changes were made. */
  private queue(work: () => Promise<void>) {
    if (this.draft.problem) return;
    this.set({ pending: this.draft.pending + 1 });
    this.writes = this.writes
      .then(work)
      .catch((e: unknown) => this.set({ problem: reason(e) }))
      .finally(() => {
        this.set({ pending: this.draft.pending - 1 });
        if (this.stale && this.draft.pending === 0) {
          this.stale = false;
          this.queue(() => this.reread());
        }
      });
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
