"""MNIST, Fashion-MNIST and CIFAR-10: fetched once into the data folder, then parsed from plain bytes.

MNIST and Fashion-MNIST come as gzipped IDX files; CIFAR-10 as its *binary* tarball, whose records
are one label byte and 3,072 pixel bytes. The pickled "python version" of CIFAR-10 is never used.
"""

import contextlib
import gzip
import http.client
import os
import secrets
import tarfile
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from torchcanvas.download_mirror import MIRROR_ENV
from torchcanvas.sizes import size_text
from torchcanvas.training.data.info import (
    ArraySplit,
    DatasetError,
    DatasetInfo,
    Pictures,
    describe,
)
from torchcanvas.training.data.sources import open_source, scrubbed, shown_url

MAX_DOWNLOAD_BYTES = 512 * 2**20
_IDX_UBYTE = 0x08
CIFAR_RECORD = 1 + 3 * 32 * 32  # label byte, then the red, green and blue planes of 32×32 pixels
CIFAR_FOLDER = "cifar-10-batches-bin"
CIFAR_TRAIN = [f"{CIFAR_FOLDER}/data_batch_{i}.bin" for i in range(1, 6)]
CIFAR_TEST = f"{CIFAR_FOLDER}/test_batch.bin"


def read_idx(path: Path) -> np.ndarray:
    """A gzipped IDX file of unsigned bytes (MNIST's format) as an array of its dimensions."""
    with gzip.open(path, "rb") as f:
        header = f.read(4)
        if len(header) != 4 or header[:2] != b"\0\0" or header[2] != _IDX_UBYTE:
            raise DatasetError(
                f"{path.name} is not an IDX file of unsigned bytes: download it again."
            )
        dims = np.frombuffer(f.read(4 * header[3]), dtype=">u4").astype(int)
        size = int(np.prod(dims))
        data = f.read(size + 1)
    if len(dims) != header[3] or len(data) != size:
        raise DatasetError(
            f"{path.name} holds {len(data)} bytes where its header promises {size}: "
            "the file is cut short or corrupt; delete it and download it again."
        )
    return np.frombuffer(data, dtype=np.uint8).reshape(dims)


def _idx_pair(folder: Path, images: str, labels: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = read_idx(folder / images), read_idx(folder / labels)
    if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
        raise DatasetError(
            f"{images} holds {x.shape} and {labels} {y.shape}: they should be (N, 28, 28) images "
            "and N labels; delete the files and download them again."
        )
    return x[:, None], y.astype(np.int64)  # (N, 28, 28) -> (N, 1, 28, 28)


def parse_mnist(folder: Path) -> ArraySplit:
    """MNIST's (and Fashion-MNIST's) official split: the 60,000 training and 10,000 test images."""
    x_tr, y_tr = _idx_pair(folder, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    x_va, y_va = _idx_pair(folder, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    return ArraySplit(x_tr, y_tr, x_va, y_va)


def _cifar_records(tar: tarfile.TarFile, name: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        member = tar.getmember(name)
    except KeyError:
        raise DatasetError(f"The CIFAR-10 archive has no {name}: download it again.") from None
    stream = tar.extractfile(member) if member.isfile() else None
    if stream is None or member.size % CIFAR_RECORD:
        raise DatasetError(
            f"{name} in the CIFAR-10 archive is not whole records: download it again."
        )
    records = np.frombuffer(stream.read(), dtype=np.uint8).reshape(-1, CIFAR_RECORD)
    # (N, 3073) -> labels (N,), images (N, 3, 32, 32), planes in R, G, B order
    return records[:, 1:].reshape(-1, 3, 32, 32), records[:, 0].astype(np.int64)


def parse_cifar10(folder: Path) -> ArraySplit:
    """CIFAR-10's official split, read from the binary tarball without unpacking it to disk."""
    with tarfile.open(folder / "cifar-10-binary.tar.gz", "r:gz") as tar:
        parts = [_cifar_records(tar, name) for name in CIFAR_TRAIN]
        x_va, y_va = _cifar_records(tar, CIFAR_TEST)
    x_tr = np.concatenate([x for x, _ in parts])
    y_tr = np.concatenate([y for _, y in parts])
    return ArraySplit(x_tr, y_tr, x_va, y_va)


@dataclass(frozen=True)
class Download:
    """A dataset that is fetched once: where from, which files, and how to read them."""

    title: str
    help: str
    url: str  # the folder the files are in
    files: list[str]
    classes: list[str]
    sample_shape: list[int]
    sizes: tuple[int, int]  # train, validation
    parse: Callable[[Path], ArraySplit]
    megabytes: int  # to download, about
    looks: str  # what its images look like, so a picture to try a model on can look alike


_MNIST_FILES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]

DOWNLOADS: dict[str, Download] = {
    "mnist": Download(
        "MNIST digits (28×28)",
        "70,000 grayscale 28×28 handwritten digits; downloaded once (11 MB), test set for validation.",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        _MNIST_FILES,
        [str(d) for d in range(10)],
        [1, 28, 28],
        (60_000, 10_000),
        parse_mnist,
        11,
        "A white digit on black, centred, as MNIST's images are.",
    ),
    "fashion_mnist": Download(
        "Fashion-MNIST (28×28)",
        "70,000 grayscale 28×28 images of clothes in 10 classes; downloaded once (30 MB).",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        _MNIST_FILES,
        [
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ],
        [1, 28, 28],
        (60_000, 10_000),
        parse_mnist,
        30,
        "One piece of clothing, light on a black background, as Fashion-MNIST's images are.",
    ),
    "cifar10": Download(
        "CIFAR-10 (32×32 colour)",
        "60,000 colour 32×32 photos in 10 classes; downloaded once (163 MB).",
        "https://www.cs.toronto.edu/~kriz/",
        ["cifar-10-binary.tar.gz"],
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        [3, 32, 32],
        (50_000, 10_000),
        parse_cifar10,
        163,
        "A photo of one thing filling most of the frame, as CIFAR-10's are.",
    ),
}


def download_folder(data_dir: Path, name: str) -> Path:
    """Where a downloadable set's files live; a person may also copy them there by hand."""
    return data_dir / "downloads" / name


def is_downloaded(name: str, data_dir: Path | None) -> bool:
    if data_dir is None:
        return False
    folder = download_folder(data_dir, name)
    return all((folder / file).is_file() for file in DOWNLOADS[name].files)


def source_url(name: str, file: str) -> str:
    mirror = os.environ.get(MIRROR_ENV)
    base = f"{mirror.rstrip('/')}/{name}/" if mirror else DOWNLOADS[name].url
    return base + file


class DownloadStopped(DatasetError):
    """The run was stopped while its dataset was downloading."""


def _fetch(url: str, target: Path, should_stop: Callable[[], bool]) -> None:
    """Streams one file to `target` through a temporary name, so a broken download leaves nothing."""
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with open_source(url, "GET", timeout=60) as response, partial.open("wb") as out:
            size = 0
            while chunk := response.read(1 << 18):  # Stop is checked between two chunks
                if should_stop():
                    raise DownloadStopped(f"Stopped while downloading {target.name}.")
                size += len(chunk)
                if size > MAX_DOWNLOAD_BYTES:
                    raise DatasetError(
                        f"{shown_url(url)} is larger than {size_text(MAX_DOWNLOAD_BYTES)}."
                    )
                out.write(chunk)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def fetch(name: str, data_dir: Path, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Downloads the set's missing files into the data folder, or says how to put them there."""
    folder = download_folder(data_dir, name)
    folder.mkdir(parents=True, exist_ok=True)
    for file in DOWNLOADS[name].files:
        if (folder / file).is_file():
            continue
        url = source_url(name, file)
        try:
            _fetch(url, folder / file, should_stop)
        except DownloadStopped:
            raise
        except (OSError, urllib.error.URLError, ValueError, http.client.HTTPException) as exc:
            reason = scrubbed(str(getattr(exc, "reason", None) or exc), url)
            raise DatasetError(
                f"`{name}` is not in the data folder and could not be downloaded from "
                f"{shown_url(url)} ({reason}). Connect the server to the internet, or copy "
                f"{', '.join(DOWNLOADS[name].files)} into {folder}, then start the run again."
            ) from exc


@lru_cache(maxsize=2)
def _parsed(name: str, folder: str) -> ArraySplit:
    return DOWNLOADS[name].parse(Path(folder))


def download_split(name: str, data_dir: Path) -> tuple[ArraySplit, DatasetInfo]:
    """The parsed split of a downloaded set (it must be in the data folder), and its entry."""
    if not is_downloaded(name, data_dir):
        raise DatasetError(
            f"`{name}` is not in the data folder yet: start a run on it, and the server downloads it."
        )
    entry = DOWNLOADS[name]
    folder = download_folder(data_dir, name)
    try:
        split = _parsed(name, str(folder))
    except (OSError, EOFError, ValueError, tarfile.TarError) as exc:  # gzip, tar or format errors
        raise DatasetError(
            f"The `{name}` files in {folder} are damaged ({exc}): delete the folder, then start "
            "a run again to download them anew."
        ) from exc
    classes = len(entry.classes)
    for labels in (split.y_train, split.y_val):
        if len(labels) and (labels.min() < 0 or labels.max() >= classes):
            raise DatasetError(f"`{name}` has labels outside 0–{classes - 1}: download it again.")
    info = describe(
        name, entry.title, entry.help, "classification", entry.classes, split, "download"
    )
    return split, info.model_copy(update={"pictures": _pictures(entry)})


def download_info(name: str, data_dir: Path | None) -> DatasetInfo:
    """The catalogue entry: from the files when they are here, else from what the set is known to hold."""
    if data_dir is not None and is_downloaded(name, data_dir):
        with contextlib.suppress(DatasetError):  # damaged files: listed as not available yet
            return download_split(name, data_dir)[1]
    entry = DOWNLOADS[name]
    return DatasetInfo(
        name=name,
        title=entry.title,
        help=entry.help,
        task="classification",
        sample_shape=entry.sample_shape,
        target_shape=[],
        classes=entry.classes,
        train_size=entry.sizes[0],
        val_size=entry.sizes[1],
        source="download",
        available=False,
        pictures=_pictures(entry),
    )


def _pictures(entry: Download) -> Pictures:
    return Pictures(levels=255, looks=entry.looks)  # the files hold bytes
