"""The dataset a run trained on, as it was when the run was created.

Kept in the run's folder, so that its model page, its predictions, its bundle and its script
still know the dataset's title, classes and scaling after an uploaded dataset is deleted.
"""

import json
from pathlib import Path

from pydantic import ValidationError

from torchcanvas.training.data import DatasetError, DatasetInfo, find_dataset
from torchcanvas.training.data.info import BYTE_PICTURES, Pictures, image_shape
from torchcanvas.training.data.storage import DatasetRecord
from torchcanvas.training.run_folder import RunFolder


def keep_dataset(folder: RunFolder, info: DatasetInfo) -> None:
    """Writes the dataset's info into the run's folder."""
    folder.write_text(folder.dataset.name, info.model_dump_json(indent=2))


def run_dataset(folder: RunFolder, name: str, data_dir: Path | None) -> DatasetInfo | None:
    """The info kept with the run; for a run from before it was kept, the dataset's own while it
    is on this server (a downloadable one's as it is known to hold, if its files are damaged);
    else None."""
    try:
        kept = folder.dataset.read_bytes()
        info = DatasetInfo.model_validate_json(kept)
    except (OSError, ValidationError):
        pass
    else:
        if "pictures" not in info.model_fields_set:  # kept before datasets said so
            info.pictures = _pictures_of_old(info, kept)
        return info
    try:
        return find_dataset(name, data_dir, known=True)
    except DatasetError:
        return None


def script_dataset(folder: RunFolder, name: str, data_dir: Path | None) -> DatasetInfo | None:
    """run_dataset, with an upload's whole record where it was kept: its file name, format and
    validation share, which the run's script needs to read the person's own file again."""
    info = run_dataset(folder, name, data_dir)
    if info is None or info.source != "upload":
        return info
    try:
        return DatasetRecord.model_validate_json(folder.dataset.read_bytes())
    except (OSError, ValidationError):
        return info


def _pictures_of_old(info: DatasetInfo, kept: bytes) -> Pictures | None:
    """What a dataset kept without `pictures` takes: a built-in or downloadable one's own, and
    bytes for a ZIP of images (whose record, kept whole, says its format)."""
    if info.source != "upload":
        try:
            return find_dataset(info.name, None, known=True).pictures
        except DatasetError:
            return None
    zipped = json.loads(kept).get("format") == "zip"
    return BYTE_PICTURES if zipped and image_shape(info.sample_shape) else None
