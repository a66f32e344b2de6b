// The image dataset being made, as the dialog reads and changes it: the page's one draft (see
// draftStore), so it outlives the dialog and the editor, and a reload.
import { useSyncExternalStore } from "react";
import { imageSetDraft, type Draft } from "./draftStore";

export type { ClassDraft, Picture } from "./draftStore";

type Actions = Pick<typeof imageSetDraft, "choose" | "addClass" | "rename" | "removeClass" | "addPictures" | "removePicture" | "startOver"> & {
  /** A dataset was made of these: they stay, under a next name. */
  markMade: typeof imageSetDraft.made;
};

export type ImageSet = Draft & Actions;

export function useImageSet(): ImageSet {
  const draft = useSyncExternalStore(imageSetDraft.subscribe, imageSetDraft.snapshot);
  const { choose, addClass, rename, removeClass, addPictures, removePicture, made, startOver } = imageSetDraft;
  return { ...draft, choose, addClass, rename, removeClass, addPictures, removePicture, markMade: made, startOver };
}
