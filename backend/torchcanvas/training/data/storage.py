"""Uploaded datasets on disk: data/datasets/<id>/ holds .npy arrays and meta.json, nothing pickled.

A folder is written under a temporary name and renamed when it is whole, so a failed upload
leaves nothing behind and a reader never sees half a dataset.
"""

import json
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError

from torchcanvas.hidden_text import without_hidden
from torchcanvas.training.data.info import ArraySplit, DatasetError, DatasetInfo
from torchcanvas.training.data.npy_file import npy_bytes, write_npy
from torchcanvas.training.data.storage_cache import ARRAY_CACHE

ID_PATTERN = re.compile(r"^upload-[0-9a-f]{12}$")
META_FILE = "meta.json"
ARRAYS = ("x_train", "y_train", "x_val", "y_val")
UploadFormat = Literal["csv", "npz", "zip"]
_FORMAT_OF: dict[str, UploadFormat] = {".csv": "csv", ".npz": "npz", ".zip": "zip"}


class DatasetRecord(DatasetInfo):
    """An uploaded dataset: its catalogue entry, and where it came from."""

    id: str
    format: UploadFormat
    file_name: str
    created_at: float
    val_fraction: float
    channels_last: bool = Field(
        default=False,
        description="An NPZ whose x held images as (N, H, W, C): stored, and read by the run's "
        "script, as (N, C, H, W), as Conv2d takes them.",
    )
    channel_added: bool = Field(
        default=False,
        description="An NPZ whose x held one-channel images as (N, H, W): stored, and read by the "
        "run's script, as (N, 1, H, W), as Conv2d takes them.",
    )
    one_hot: bool = Field(
        default=False,
        description="An NPZ whose y held one-hot rows (N, classes): stored, and read by the run's "
        "script, as the class of each, y.argmax(1).",
    )
    pictures_at_size: bool = Field(
        default=False,
        description="A ZIP whose every picture came at the size it is stored at (as Make an "
        "image dataset sends them, made small in the browser): the server resized none.",
    )


class StoredMeta(BaseModel):
    """meta.json: the record, and the first rows of a CSV as the person wrote them (for the preview)."""

    record: DatasetRecord
    columns: list[str] | None = None
    sample_rows: list[list[str]] | None = None
    # Who uploaded it, as uploads written before owners moved into the database kept it; read
    # once, when the database adopts them (store/uploads.py), and never written again.
    owner: str | None = None


class DamagedUpload(DatasetError):
    """An upload whose meta.json cannot be read (cut short, or written by an older server that
    stored NaN as null); it can still be listed, as damaged, and deleted."""


def datasets_folder(data_dir: Path) -> Path:
    return data_dir / "datasets"


def new_upload_id() -> str:
    return f"upload-{secrets.token_hex(6)}"


def is_upload_id(name: str) -> bool:
    return ID_PATTERN.fullmatch(name) is not None  # `$` alone lets a last "\n" through


def temp_folder(data_dir: Path) -> Path:
    """A fresh folder to write an upload into; its dot name keeps it out of every listing."""
    folder = datasets_folder(data_dir) / f".partial-{secrets.token_hex(8)}"
    folder.mkdir(parents=True)
    return folder


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


STALE_PARTIAL_SECONDS = (
    3600.0  # a live upload writes within its client timeout; parsing, soon after
)


def sweep_partials(data_dir: Path, stale_after: float = STALE_PARTIAL_SECONDS) -> list[str]:
    """Removes upload folders left half-written by a server that was killed (by the kernel for
    memory, say) while it received or parsed an upload: nothing lists them, and each could hold
    an upload's whole size. Only folders none of whose files changed for `stale_after` seconds
    go, so that another server's upload in progress is never touched. Returns their names."""
    removed: list[str] = []
    folder = datasets_folder(data_dir)
    if not folder.is_dir():
        return removed
    cutoff = time.time() - stale_after
    for partial in folder.glob(".partial-*"):
        try:
            newest = max([partial.stat().st_mtime, *(f.stat().st_mtime for f in partial.iterdir())])
        except (FileNotFoundError, NotADirectoryError):
            continue  # finished or discarded meanwhile
        if newest < cutoff:
            discard(partial)
            removed.append(partial.name)
    return removed


def _meta_text(meta: StoredMeta) -> str:
    return meta.model_dump_json(indent=2)


def stored_bytes(split: ArraySplit, meta: StoredMeta) -> int:
    """What write_dataset will write: each array's .npy file and meta.json, to the byte."""
    arrays = sum(npy_bytes(getattr(split, name)) for name in ARRAYS)
    return arrays + len(_meta_text(meta).encode())


def write_dataset(folder: Path, split: ArraySplit, meta: StoredMeta) -> None:
    """Writes the arrays and meta.json into a temporary folder, then renames it to the dataset's id."""
    for name in ARRAYS:
        write_npy(folder / f"{name}.npy", getattr(split, name))  # ENOSPC where the disk is full
    (folder / META_FILE).write_text(_meta_text(meta))
    folder.rename(datasets_folder(folder.parent.parent) / meta.record.id)


def upload_exists(data_dir: Path, dataset_id: str) -> bool:
    """True when an upload of that id is on disk, readable or damaged."""
    return (
        is_upload_id(dataset_id) and (datasets_folder(data_dir) / dataset_id / META_FILE).is_file()
    )


def read_meta(data_dir: Path, dataset_id: str) -> StoredMeta | None:
    """The stored meta of an upload, None when there is no such upload, DamagedUpload when
    its meta.json cannot be read."""
    if not upload_exists(data_dir, dataset_id):
        return None
    try:
        text = (datasets_folder(data_dir) / dataset_id / META_FILE).read_bytes()
    except FileNotFoundError:
        return None  # deleted since
    try:
        return StoredMeta.model_validate_json(text)
    except ValidationError as exc:  # invalid JSON too
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise DamagedUpload(
            f"The upload `{dataset_id}` is damaged: its meta.json cannot be read "
            f"({where + ': ' if where else ''}{error['msg']}). Delete it, then upload the file again."
        ) from None


def _raw_meta(data_dir: Path, dataset_id: str) -> dict[str, Any]:
    """A damaged upload's meta.json as plain JSON, for what it still holds; {} when it is not
    even JSON (cut short)."""
    try:
        raw = json.loads((datasets_folder(data_dir) / dataset_id / META_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def damaged_owner(data_dir: Path, dataset_id: str) -> str | None:
    """The owner a damaged upload's meta.json still names (as uploads written before owners
    moved into the database kept it); None when it names none, or cannot be read that far."""
    owner = _raw_meta(data_dir, dataset_id).get("owner")
    return owner if isinstance(owner, str) and owner else None


def _damaged_record(data_dir: Path, damaged: DamagedUpload, dataset_id: str) -> DatasetRecord:
    """A damaged upload as the listing shows it: not available, its help saying what to do, and
    its file name and date when meta.json still holds them."""
    try:
        raw = _raw_meta(data_dir, dataset_id).get("record", {})
        file_name, created_at = str(raw.get("file_name") or dataset_id), float(raw["created_at"])
    except (ValueError, TypeError, KeyError, AttributeError):
        file_name, created_at = dataset_id, 0.0
    return DatasetRecord(
        name=dataset_id,
        title=f"{without_hidden(file_name)} (damaged)",
        help=str(damaged),
        task="classification",
        sample_shape=[],
        target_shape=[],
        classes=None,
        train_size=0,
        val_size=0,
        source="upload",
        available=False,
        id=dataset_id,
        format=_FORMAT_OF.get(Path(file_name).suffix.lower(), "csv"),
        file_name=file_name,
        created_at=created_at,
        val_fraction=0.0,
    )


def stored_ids(data_dir: Path) -> list[str]:
    """The ids of every upload on disk, whoever owns it."""
    folder = datasets_folder(data_dir)
    return [p.name for p in folder.iterdir() if is_upload_id(p.name)] if folder.is_dir() else []


def list_records(data_dir: Path, ids: list[str]) -> list[DatasetRecord]:
    """The records of these uploads (those still on disk), oldest first; a damaged one is
    listed as not available, with what to do in its help, so that its owner can delete it."""
    records: list[DatasetRecord] = []
    for upload_id in ids:
        try:
            meta = read_meta(data_dir, upload_id)
        except DamagedUpload as damaged:
            records.append(_damaged_record(data_dir, damaged, upload_id))
            continue
        if meta is not None:
            records.append(meta.record)
    return sorted(records, key=lambda r: r.created_at)


def remove_dataset(data_dir: Path, dataset_id: str) -> None:
    """Deletes an upload: renamed out of every listing first, so no reader sees half of it."""
    folder = datasets_folder(data_dir) / dataset_id
    doomed = folder.with_name(f".removed-{secrets.token_hex(8)}")
    folder.rename(doomed)  # FileNotFoundError when another request has just deleted it
    ARRAY_CACHE.forget(folder)
    discard(doomed)


def _folder(data_dir: Path, dataset_id: str) -> Path:
    return datasets_folder(data_dir) / dataset_id


def _read(folder: Path) -> ArraySplit:
    return ArraySplit(*(np.load(folder / f"{name}.npy", allow_pickle=False) for name in ARRAYS))


def load_arrays(data_dir: Path, dataset_id: str) -> ArraySplit:
    """The stored split of an upload, read whole (for training); uploads never change, so a
    few are kept (storage_cache.py: bounded by bytes)."""
    return ARRAY_CACHE.get(_folder(data_dir, dataset_id), _read)


def map_arrays(data_dir: Path, dataset_id: str) -> ArraySplit:
    """The stored split of an upload, memory-mapped and read-only: only the rows a caller
    touches are read (a preview's dozen samples of a 1 GiB upload), and nothing stays behind."""
    folder = _folder(data_dir, dataset_id)
    return ArraySplit(
        *(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in ARRAYS)
    )


def now() -> float:
    return time.time()
