// Which datasets take augmentations, and how a run's augmentations read in a line.
import type { AugmentationSpec, DatasetSpec, ParamValue, TrainingSettings } from "../api/types";

/** Images, (C, H, W), that a picture can be made into: the server's takes_augmentation says the same. */
export function takesAugmentation(dataset: DatasetSpec | undefined): boolean {
  return !!dataset?.pictures && dataset.sample_shape.length === 3;
}

/** The params an augmentation starts with when ticked: those the catalogue sizes by the images'
 * shorter side (RandomCrop's padding, an eighth of it: 1 on digits' 8×8, 4 on CIFAR-10's 32×32). */
export function startingParams(spec: AugmentationSpec, dataset: DatasetSpec | undefined): Record<string, ParamValue> {
  const sides = dataset?.sample_shape.slice(1) ?? [];
  if (sides.length === 0) return {};
  const side = Math.min(...sides);
  return Object.fromEntries(Object.entries(spec.side_shares).map(([param, share]) => [param, Math.max(1, Math.round(side * share))]));
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
