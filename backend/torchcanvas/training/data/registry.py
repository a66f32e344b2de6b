"""Resolves a dataset name (built-in or downloadable) or an upload's id to its entry and its split."""

from collections.abc import Callable
from pathlib import Path

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
from torchcanvas.training.data.storage import list_records, load_arrays, read_meta


def dataset_names() -> list[str]:
    """The names of every built-in and downloadable dataset (uploads are named by their ids)."""
    return [*BUILTINS, *DOWNLOADS]


def unknown_dataset(name: str) -> DatasetError:
    return DatasetError(
        f"Unknown dataset `{name}`: use one of {', '.join(dataset_names())}, or the id of an "
        "uploaded dataset."
    )


def _arrays(name: str, data_dir: Path | None) -> tuple[ArraySplit, DatasetInfo]:
    if name in BUILTINS:
        return builtin_split(name)
    if name in DOWNLOADS:
        if data_dir is None:
            raise DatasetError(
                f"`{name}` is downloaded into the server's data folder, which is not set here."
            )
        return download_split(name, data_dir)
    meta = read_meta(data_dir, name) if data_dir is not None else None
    if meta is None:
        raise unknown_dataset(name)
    return load_arrays(data_dir, name), meta.record  # type: ignore[arg-type]


def array_split(name: str, data_dir: Path | None = None) -> tuple[ArraySplit, DatasetInfo]:
    """The dataset's split as arrays (as stored), and its entry; DatasetError if there is none."""
    return _arrays(name, data_dir)


def dataset_info(name: str, data_dir: Path | str | None = None) -> DatasetInfo:
    """The catalogue entry of a dataset; KeyError if there is no such dataset."""
    folder = Path(data_dir) if data_dir is not None else None
    if name in DOWNLOADS:
        return download_info(name, folder)
    try:
        return _arrays(name, folder)[1]
    except DatasetError as exc:
        raise KeyError(name) from exc


def load_split(name: str, data_dir: Path | str | None = None) -> Split:
    """The dataset's fixed train and validation tensors (on the CPU)."""
    split, info = _arrays(name, Path(data_dir) if data_dir is not None else None)
    return split.tensors(info.task)


def _not_fetched(name: str, data_dir: Path | None) -> bool:
    return name in DOWNLOADS and data_dir is not None and not is_downloaded(name, data_dir)


def find_dataset(name: str, data_dir: Path | None) -> DatasetInfo:
    """The entry of a dataset a run may use, without downloading it; DatasetError if none."""
    if _not_fetched(name, data_dir):
        return download_info(name, data_dir)  # what it is known to hold; the worker fetches it
    return _arrays(name, data_dir)[1]


def prepare_dataset(
    name: str,
    data_dir: Path | None,
    on_download: Callable[[Download], None] = lambda _: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> DatasetInfo:
    """The entry of a dataset a run is about to use, downloading it first if it must be."""
    if _not_fetched(name, data_dir):
        assert data_dir is not None  # _not_fetched says so
        on_download(DOWNLOADS[name])
        fetch(name, data_dir, should_stop)
    return _arrays(name, data_dir)[1]


def catalog_datasets(data_dir: Path | None, owner: str) -> list[DatasetInfo]:
    """Every dataset the editor offers: built-in, downloadable (available or not), then the
    owner's uploads."""
    uploads: list[DatasetInfo] = list(list_records(data_dir, owner)) if data_dir else []
    return [*(dataset_info(name, data_dir) for name in dataset_names()), *uploads]
