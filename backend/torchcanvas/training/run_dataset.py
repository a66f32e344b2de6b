"""The dataset a run trained on, as it was when the run was created.

Kept in the run's folder, so that its model page, its predictions, its bundle and its script
still know the dataset's title, classes and scaling after an uploaded dataset is deleted.
"""

from pathlib import Path

from pydantic import ValidationError

from torchcanvas.training.data import DatasetError, DatasetInfo, find_dataset
from torchcanvas.training.run_folder import RunFolder


def keep_dataset(folder: RunFolder, info: DatasetInfo) -> None:
    """Writes the dataset's info into the run's folder."""
    folder.write_text(folder.dataset.name, info.model_dump_json(indent=2))


def run_dataset(folder: RunFolder, name: str, data_dir: Path | None) -> DatasetInfo | None:
    """The info kept with the run; for a run from before it was kept, the dataset's own while it
    is on this server (a downloadable one's as it is known to hold, if its files are damaged);
    else None."""
    try:
        return DatasetInfo.model_validate_json(folder.dataset.read_bytes())
    except (OSError, ValidationError):
        pass
    try:
        return find_dataset(name, data_dir, known=True)
    except DatasetError:
        return None
