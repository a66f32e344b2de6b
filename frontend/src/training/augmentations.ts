// Which datasets take augmentations, and how a run's augmentations read in a line.
import type { DatasetSpec, TrainingSettings } from "../api/types";

/** Images, (C, H, W), that a picture can be made into: the server's takes_augmentation says the same. */
export function takesAugmentation(dataset: DatasetSpec | undefined): boolean {
  return !!dataset?.pictures && dataset.sample_shape.length === 3;
}

/** "RandomHorizontalFlip, RandomCrop (padding 2)", or null for a run without augmentations. */
export function augmentationText(augmentations: TrainingSettings["augmentations"]): string | null {
  const names = Object.entries(augmentations ?? {});
  if (names.length === 0) return null;
  return names
    .map(([name, params]) => {
      const given = Object.entries(params).map(([param, value]) => `${param} ${String(value)}`);
      return given.length ? `${name} (${given.join(", ")})` : name;
    })
    .join(", ");
}

/** A PyTorch name in its words, where a narrow column may break it: "RandomCrop" -> ["Random", "Crop"]. */
export function nameWords(name: string): string[] {
  return name.split(/(?=[A-Z][a-z])/);
}
