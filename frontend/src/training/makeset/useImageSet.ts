// The classes of an image dataset being made, each with its pictures; two to start, as
// Teachable Machine does. Pictures are kept as small PNG blobs, shown through object URLs.
import { useCallback, useEffect, useRef, useState } from "react";

export interface Picture {
  id: number;
  /** The picture at the largest size the dataset may be made at; made smaller when sent. */
  blob: Blob;
  /** An object URL of blob, for its thumbnail; revoked when the picture goes. */
  url: string;
}

export interface ClassDraft {
  id: number;
  name: string;
  pictures: Picture[];
}

let nextId = 1;
const newClass = (name: string): ClassDraft => ({ id: nextId++, name, pictures: [] });
const starting = () => [newClass("Class 1"), newClass("Class 2")];

export interface ImageSet {
  classes: ClassDraft[];
  addClass: () => void;
  rename: (classId: number, name: string) => void;
  removeClass: (classId: number) => void;
  addPictures: (classId: number, blobs: Blob[]) => void;
  removePicture: (classId: number, pictureId: number) => void;
  /** Back to two empty classes, once a dataset has been made of these. */
  reset: () => void;
}

export function useImageSet(): ImageSet {
  const [classes, setClasses] = useState<ClassDraft[]>(starting);
  const urls = useRef(new Set<string>()); // every thumbnail URL alive, revoked when the form goes
  useEffect(() => () => urls.current.forEach((url) => URL.revokeObjectURL(url)), []);

  const forget = (pictures: Picture[]) =>
    pictures.forEach((p) => {
      URL.revokeObjectURL(p.url);
      urls.current.delete(p.url);
    });
  const change = (classId: number, edit: (c: ClassDraft) => ClassDraft) => setClasses((all) => all.map((c) => (c.id === classId ? edit(c) : c)));

  const addClass = useCallback(() => setClasses((all) => [...all, newClass(`Class ${all.length + 1}`)]), []);
  const rename = useCallback((classId: number, name: string) => change(classId, (c) => ({ ...c, name })), []);
  const removeClass = useCallback((classId: number) => {
    setClasses((all) => {
      forget(all.find((c) => c.id === classId)?.pictures ?? []);
      return all.filter((c) => c.id !== classId);
    });
  }, []);
  const addPictures = useCallback((classId: number, blobs: Blob[]) => {
    const pictures = blobs.map((blob) => ({ id: nextId++, blob, url: URL.createObjectURL(blob) }));
    pictures.forEach((p) => urls.current.add(p.url));
    change(classId, (c) => ({ ...c, pictures: [...c.pictures, ...pictures] }));
  }, []);
  const removePicture = useCallback((classId: number, pictureId: number) => {
    change(classId, (c) => {
      forget(c.pictures.filter((p) => p.id === pictureId));
      return { ...c, pictures: c.pictures.filter((p) => p.id !== pictureId) };
    });
  }, []);
  const reset = useCallback(() => {
    setClasses((all) => {
      all.forEach((c) => forget(c.pictures));
      return starting();
    });
  }, []);
  return { classes, addClass, rename, removeClass, addPictures, removePicture, reset };
}
