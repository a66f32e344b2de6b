"""What a set sent to a model at once holds: loose pictures, one ZIP of pictures, or one CSV of
rows; each read into samples by its own module."""

import math
from pathlib import PurePosixPath

from torchcanvas.design.schema import Design
from torchcanvas.export.classify_many import ManySet
from torchcanvas.export.many_limits import ManyLimits, too_many_items
from torchcanvas.export.many_pictures import NamedFile, picture_samples, zip_samples
from torchcanvas.export.many_rows import row_samples
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.info import image_shape
from torchcanvas.training.data.limits import UploadError, UploadLimits


def many_samples(
    files: list[NamedFile],
    target: str | None,
    design: Design,
    info: DatasetInfo | None,
    limits: UploadLimits,
    many: ManyLimits,
) -> ManySet:
    """The items of the files sent, as samples of the model's; `target` names a CSV's labels."""
    if not files:
        raise UploadError(
            "Nothing was sent: send pictures, a ZIP or a CSV in the form field `file`."
        )
    kinds = {PurePosixPath(f.name).suffix.lower() for f in files}
    if target is not None and kinds != {".csv"}:
        raise UploadError(
            "`target` names a CSV's column of labels, but no CSV was sent: leave it out (a "
            "ZIP's labels are its folders' names), or send the CSV."
        )
    if kinds & {".zip", ".csv"}:
        if len(files) > 1:
            raise UploadError(
                f"{len(files)} files were sent with a ZIP or a CSV among them: send one ZIP, one "
                "CSV, or pictures alone."
            )
        if ".zip" in kinds:
            return ManySet(zip_samples(files[0], design, info, limits, many))
        return row_samples(files[0].path, target, design, info, many)
    if image_shape(design.input_shape) is None:  # rows of numbers: no file here is one
        names = ", ".join(f"`{f.name}`" for f in files[:3]) + (" …" if len(files) > 3 else "")
        raise UploadError(
            f"{names} would be read as pictures, but this model takes rows of "
            f"{math.prod(design.input_shape)} numbers: send them as one CSV file, its name "
            "ending .csv, a row a sample."
        )
    if len(files) > many.max_items:
        raise too_many_items(f"{len(files):,}", many)
    return ManySet(picture_samples(files, design, info, limits))
