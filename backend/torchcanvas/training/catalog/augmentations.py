"""Random changes to training images, named after torchvision's transforms, as data."""

from pydantic import BaseModel, Field

from torchcanvas.design.layer_spec import ParamSpec, float_param, int_param


class AugmentationSpec(BaseModel):
    """A random change to training images, named after torchvision's transform that makes it."""

    name: str
    title: str = Field(description="What the settings form calls it.")
    help: str
    params: list[ParamSpec] = []
    side_shares: dict[str, float] = Field(
        default={},
        description="Params the editor sets, when the augmentation is ticked, to this share of "
        "the images' shorter side (rounded, at least 1) instead of their default.",
    )


# Applied in this order, to training batches only: the run and its script draw them in it too.
AUGMENTATIONS: list[AugmentationSpec] = [
    AugmentationSpec(
        name="RandomHorizontalFlip",
        title="Random horizontal flip",
        help="Mirrors each training image left to right, with probability p: for photos, not "
        "for digits or letters, whose mirror image is another shape.",
        params=[float_param("p", 0.5, "Share of the images that are flipped.")],
    ),
    AugmentationSpec(
        name="RandomCrop",
        title="Random crop",
        help="Pads each training image with zeros, then cuts it back to size at a random place.",
        params=[
            int_param(
                "padding",
                4,
                "Zero pixels added on each side: an eighth of the images' side is usual (CIFAR-10's "
                "4 of 32), at most a quarter of it.",
                max=16,
            )
        ],
        side_shares={"padding": 1 / 8},
    ),
    AugmentationSpec(
        name="ColorJitter",
        title="Brightness and contrast",
        help="Scales each training image's brightness, then its contrast, by a random factor.",
        params=[
            float_param("brightness", 0.2, "Brightness factor drawn from 1 ± this.", max=0.9),
            float_param("contrast", 0.2, "Contrast factor drawn from 1 ± this.", max=0.9),
        ],
    ),
]

AUGMENTATIONS_BY_NAME = {spec.name: spec for spec in AUGMENTATIONS}
