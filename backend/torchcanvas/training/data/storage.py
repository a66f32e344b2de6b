"""Uploaded datasets on disk: data/datasets/<id>/ holds .npy arrays and meta.json, nothing pickled.

A folder is written under a temporary name and renamed when it is whole, so a failed upload
leaves nothing behind and a reader never sees half a dataset.
"""

import re
import secrets
import shutil
import time
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel

from torchcanvas.training.data.info import ArraySplit, DatasetInfo

ID_PATTERN = re.compile(r"^upload-[0-9a-f]{12}$")
META_FILE = "meta.json"
ARRAYS = ("x_train", "y_train", "x_val", "y_val")
UploadFormat = Literal["csv", "npz", "zip"]


class DatasetRecord(DatasetInfo):
    """An uploaded dataset: its catalogue entry, and where it came from."""

    id: str
    format: UploadFormat
    file_name: str
    created_at: float
    val_fraction: float


class StoredMeta(BaseModel):
    """meta.json: the record, and the first rows of a CSV as the person wrote them (for the preview)."""

    record: DatasetRecord
    columns: list[str] | None = None
    sample_rows: list[list[str]] | None = None
    # Who uploaded it, as uploads written before owners moved into the database kept it; read
    # once, when the database adopts them (store/uploads.py), and never written again.
    owner: str | None = None


def datasets_folder(data_dir: Path) -> Path:
    return data_dir / "datasets"


def new_upload_id() -> str:
    return f"upload-{secrets.token_hex(6)}"


def is_upload_id(name: str) -> bool:
    return ID_PATTERN.match(name) is not None


def temp_folder(data_dir: Path) -> Path:
    """A fresh folder to write an upload into; its dot name keeps it out of every listing."""
    folder = datasets_folder(data_dir) / f".partial-{secrets.token_hex(8)}"
    folder.mkdir(parents=True)
    return folder


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def write_dataset(folder: Path, split: ArraySplit, meta: StoredMeta) -> None:
    """Writes the arrays and meta.json into a temporary folder, then renames it to the dataset's id."""
    for name in ARRAYS:
        np.save(folder / f"{name}.npy", getattr(split, name), allow_pickle=False)
    (folder / META_FILE).write_text(meta.model_dump_json(indent=2))
    folder.rename(datasets_folder(folder.parent.parent) / meta.record.id)


def read_meta(data_dir: Path, dataset_id: str) -> StoredMeta | None:
    """The stored meta of an upload, or None when there is no such upload."""
    if not is_upload_id(dataset_id):
        return None
    path = datasets_folder(data_dir) / dataset_id / META_FILE
    if not path.is_file():
        return None
    return StoredMeta.model_validate_json(path.read_text())


def stored_ids(data_dir: Path) -> list[str]:
    """The ids of every upload on disk, whoever owns it."""
    folder = datasets_folder(data_dir)
    return [p.name for p in folder.iterdir() if is_upload_id(p.name)] if folder.is_dir() else []


def list_records(data_dir: Path, ids: list[str]) -> list[DatasetRecord]:
    """The records of these uploads (those still on disk), oldest first."""
    metas = (read_meta(data_dir, upload_id) for upload_id in ids)
    return sorted((m.record for m in metas if m is not None), key=lambda r: r.created_at)


def remove_dataset(data_dir: Path, dataset_id: str) -> None:
    """Deletes an upload: renamed out of every listing first, so no reader sees half of it."""
    folder = datasets_folder(data_dir) / dataset_id
    doomed = folder.with_name(f".removed-{secrets.token_hex(8)}")
    folder.rename(doomed)  # FileNotFoundError when another request has just deleted it
    discard(doomed)


@lru_cache(maxsize=4)
def _load(folder: str) -> ArraySplit:
    arrays = [np.load(Path(folder) / f"{name}.npy", allow_pickle=False) for name in ARRAYS]
    return ArraySplit(*arrays)


def load_arrays(data_dir: Path, dataset_id: str) -> ArraySplit:
    """The stored split of an upload (uploads never change, so it is cached)."""
    return _load(str(datasets_folder(data_dir) / dataset_id))


def now() -> float:
    return time.time()
