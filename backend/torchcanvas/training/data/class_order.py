"""The order of a ZIP's classes: by name, or as the upload's `class_order` names its folders
(Make an image dataset sends its cards' order), each once."""

from collections import Counter

from torchcanvas.training.data.limits import UploadError

_FOLDERS_NAMED = 10  # a refused class_order names at most these of the ZIP's folders


def ordered_classes(folders: set[str], order: list[str]) -> list[str]:
    """The class folders in the order asked for (`class_order`), else sorted by name; an order
    that names a folder twice, one the ZIP lacks, or leaves one out is an UploadError."""
    if not order:
        return sorted(folders)
    named = [f"`{name}`" for name in sorted(folders)]
    every = ", ".join(named[:_FOLDERS_NAMED])
    if len(named) > _FOLDERS_NAMED:
        every += f" and {len(named) - _FOLDERS_NAMED:,} more"
    counted = Counter(order)
    twice = next((name for name in order if counted[name] > 1), None)
    if twice is not None:
        raise UploadError(f"class_order names `{twice}` twice: name each class folder once.")
    unknown = next((name for name in order if name not in folders), None)
    if unknown is not None:
        raise UploadError(
            f"class_order names `{unknown}`, which is no class folder of the ZIP: its folders are "
            f"{every}."
        )
    left = sorted(folders - set(order))
    if left:
        raise UploadError(
            f"class_order leaves out `{left[0]}`: name every class folder of the ZIP once "
            f"({every}), or send no class_order to number them by name."
        )
    return order
