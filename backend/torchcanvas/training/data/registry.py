"""Finds a dataset by its name (built-in or downloadable) or an upload's id: its entry, its split.

One lookup, `find_dataset`, and one error type, DatasetError (UnknownDataset when the name is
no dataset at all); who may see an upload is the store's to say (store/uploads.py).
"""

from collections.abc import Callable
from pathlib import Path

from torchcanvas.problems import NotFound
from torchcanvas.training.data.builtin import BUILTINS, builtin_split
from torchcanvas.training.data.downloads import (
    DOWNLOADS,
    Download,
    download_info,
    download_split,
    fetch,
    is_downloaded,
)
from torchcanvas.training.data.info import ArraySplit, DatasetError, DatasetInfo, Split
from torchcanvas.training.data.plane import DatasetOptions, plane_input
from torchcanvas.training.data.storage import list_records, load_arrays, map_arrays, read_meta


class UnknownDataset(NotFound, DatasetError):
    """A name that is no dataset here: neither built in, downloadable, nor an upload."""


def dataset_names() -> list[str]:
    """The names of every built-in and downloadable dataset (uploads are named by their ids)."""
    return [*BUILTINS, *DOWNLOADS]


def unknown_dataset(name: str) -> UnknownDataset:
    return UnknownDataset(
        f"Unknown dataset `{name}`: use one of {', '.join(dataset_names())}, or the id of an "
        "uploaded dataset."
    )


def _arrays(
    name: str,
    data_dir: Path | None,
    options: DatasetOptions | None = None,
    read_upload: Callable[[Path, str], ArraySplit] = load_arrays,
) -> tuple[ArraySplit, DatasetInfo]:
    if name in BUILTINS:
        return builtin_split(name, options)
    if name in DOWNLOADS:
        if data_dir is None:
            raise DatasetError(
                f"`{name}` is downloaded into the server's data folder, which is not set here."
            )
        return download_split(name, data_dir)
    meta = read_meta(data_dir, name) if data_dir is not None else None
    if meta is None:
        raise unknown_dataset(name)
    return read_upload(data_dir, name), meta.record  # type: ignore[arg-type]


def array_split(
    name: str, data_dir: Path | None = None, options: DatasetOptions | None = None
) -> tuple[ArraySplit, DatasetInfo]:
    """The dataset's split as arrays (as stored; a 2-D set's points before their features), and
    its entry; DatasetError if there is none. An upload's arrays are memory-mapped, read-only:
    what a caller reads of them is all that is read."""
    return _arrays(name, data_dir, options, map_arrays)


def load_split(
    name: str, data_dir: Path | str | None = None, options: DatasetOptions | None = None
) -> Split:
    """The dataset's train and validation tensors (on the CPU), as a run trains on them: a 2-D
    set's made with `options`, its points turned into its features."""
    split, info = _arrays(name, Path(data_dir) if data_dir is not None else None, options)
    tensors = split.tensors(info.task)
    if info.plane is not None:
        features = info.plane.features
        tensors.points_val = tensors.x_val
        tensors.x_train = plane_input(tensors.x_train, features)  # (N, 2) -> (N, F)
        tensors.x_val = plane_input(tensors.x_val, features)
    return tensors


def _not_fetched(name: str, data_dir: Path | None) -> bool:
    return name in DOWNLOADS and data_dir is not None and not is_downloaded(name, data_dir)


def find_dataset(
    name: str,
    data_dir: Path | None = None,
    *,
    known: bool = False,
    options: DatasetOptions | None = None,
) -> DatasetInfo:
    """The entry of a dataset, without downloading it: what a downloadable one is known to hold
    until it is fetched. DatasetError if it cannot be used (damaged files), UnknownDataset if
    there is no such dataset. With `known`, a downloadable one whose files are damaged is still
    found, as what it is known to hold: enough for a script that fetches the files itself.
    A 2-D set's entry is the one `options` make."""
    if name in DOWNLOADS and (known or data_dir is None or _not_fetched(name, data_dir)):
        return download_info(name, data_dir)  # what it is known to hold; the worker fetches it
    return _arrays(name, data_dir, options)[1]


def prepare_dataset(
    name: str,
    data_dir: Path | None,
    on_download: Callable[[Download], None] = lambda _: None,
    should_stop: Callable[[], bool] = lambda: False,
    options: DatasetOptions | None = None,
) -> DatasetInfo:
    """The entry of a dataset a run is about to use, downloading it first if it must be."""
    if _not_fetched(name, data_dir):
        assert data_dir is not None  # _not_fetched says so
        on_download(DOWNLOADS[name])
        fetch(name, data_dir, should_stop)
    return _arrays(name, data_dir, options)[1]


def catalog_datasets(data_dir: Path | None, upload_ids: list[str]) -> list[DatasetInfo]:
    """Every dataset the editor offers: built-in, downloadable (available or not; damaged files
    show as not available), then these uploads."""
    uploads: list[DatasetInfo] = list(list_records(data_dir, upload_ids)) if data_dir else []
    builtins = [_arrays(name, data_dir)[1] for name in BUILTINS]
    downloads = [download_info(name, data_dir) for name in DOWNLOADS]
    return [*builtins, *downloads, *uploads]
