"""Built-in and downloadable datasets: shapes, tasks, classes, a fixed split, and the download parsers."""

import gzip
import tarfile
from pathlib import Path

import numpy as np
import pytest
import torch

from tests.backend.upload_files import write_cifar10, write_mnist
from torchcanvas.download_mirror import MIRROR_ENV
from torchcanvas.training.data import (
    DatasetError,
    catalog_datasets,
    dataset_names,
    find_dataset,
    load_split,
    prepare_dataset,
)
from torchcanvas.training.data.builtin import forget_builtin_splits
from torchcanvas.training.data.downloads import (
    DownloadStopped,
    parse_cifar10,
    parse_mnist,
    read_idx,
)

# name: (task, sample shape, number of classes or None, total samples)
BUILTINS = {
    "digits": ("classification", [1, 8, 8], 10, 1797),
    "spiral": ("classification", [2], 2, 600),
    "moons": ("classification", [2], 2, 600),
    "circles": ("classification", [2], 2, 600),
    "xor": ("classification", [2], 2, 600),
    "gaussian": ("classification", [2], 2, 600),
    "sine": ("regression", [1], None, 600),
    "waveforms": ("classification", [1, 32], 3, 600),
    "wine": ("classification", [13], 3, 178),
    "breast_cancer": ("classification", [30], 2, 569),
    "diabetes": ("regression", [10], None, 442),
}


@pytest.mark.parametrize("name", list(BUILTINS))
def test_builtin_set_has_its_shape_task_and_classes(name: str) -> None:
    task, shape, classes, total = BUILTINS[name]
    info, split = find_dataset(name), load_split(name)
    assert (info.task, info.sample_shape, info.source, info.available) == (
        task,
        shape,
        "builtin",
        True,
    )
    assert len(info.classes or []) == (classes or 0)
    assert info.train_size + info.val_size == total == len(split.x_train) + len(split.x_val)
    assert info.val_size == int(np.ceil(total * 0.2))
    assert list(split.x_train.shape[1:]) == shape and split.x_train.dtype == torch.float32
    if classes:
        assert split.y_train.dtype == torch.long
        assert set(split.y_train.tolist()) == set(range(classes))  # stratified: every class trains
        assert set(split.y_val.tolist()) == set(range(classes))
    else:
        assert split.y_train.dtype == torch.float32 and info.target_shape == [1]


@pytest.mark.parametrize("name", ["circles", "xor", "gaussian", "wine", "diabetes"])
def test_split_is_the_same_every_time(name: str) -> None:
    forget_builtin_splits()
    first = load_split(name)
    forget_builtin_splits()
    second = load_split(name)
    for a, b in zip(vars(first).values(), vars(second).values(), strict=True):
        assert a == b if not isinstance(a, torch.Tensor) else torch.equal(a, b)


@pytest.mark.parametrize("name", ["wine", "breast_cancer", "diabetes"])
def test_table_sets_are_standardised_with_their_statistics_kept(name: str) -> None:
    info, split = find_dataset(name), load_split(name)
    stats = info.standardisation
    assert stats is not None and len(stats.features) == len(stats.mean) == info.sample_shape[0]
    assert torch.allclose(split.x_train.mean(0), torch.zeros(info.sample_shape[0]), atol=1e-4)
    assert torch.allclose(split.x_train.std(0, unbiased=False), torch.ones(1), atol=1e-3)
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

    raw = {"wine": load_wine, "breast_cancer": load_breast_cancer, "diabetes": load_diabetes}[
        name
    ]()
    # Undoing the standardisation with the kept statistics gives rows of the raw data back.
    row = split.x_train[0].numpy() * np.array(stats.std) + np.array(stats.mean)
    assert np.isclose(raw.data, row, rtol=1e-4).all(axis=1).any()
    assert (stats.target_mean is not None) == (info.task == "regression")


def test_playground_sets_are_what_their_names_say() -> None:
    x, y = load_split("xor").x_train, load_split("xor").y_train
    assert torch.equal(y, (x[:, 0] * x[:, 1] < 0).long())
    x, y = load_split("circles").x_train, load_split("circles").y_train
    radius = x.norm(dim=1)
    assert radius[y == 0].max() < radius[y == 1].min()
    x, y = load_split("gaussian").x_train, load_split("gaussian").y_train
    assert x[y == 0].mean() > 1 and x[y == 1].mean() < -1


def test_mnist_idx_files_parse(tmp_path: Path) -> None:
    write_mnist(tmp_path, train=50, test=20)
    images = read_idx(tmp_path / "train-images-idx3-ubyte.gz")
    assert images.shape == (50, 28, 28) and images.dtype == np.uint8
    split = parse_mnist(tmp_path)
    assert split.x_train.shape == (50, 1, 28, 28) and split.x_val.shape == (20, 1, 28, 28)
    assert split.y_train.tolist()[:12] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]
    # The label is the row of the bright bar that write_mnist drew.
    assert all(
        split.x_train[i, 0, 2 + 2 * label, 0] == 255 for i, label in enumerate(split.y_train)
    )


def test_truncated_idx_file_is_refused(tmp_path: Path) -> None:
    header = bytes([0, 0, 8, 3]) + np.array([10, 28, 28], ">u4").tobytes()
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(header + bytes(100)))
    with pytest.raises(
        DatasetError, match=r"cut.gz holds 100 bytes where its header promises 7840"
    ):
        read_idx(path)
    path.write_bytes(gzip.compress(b"\x08\x03\0\0"))
    with pytest.raises(DatasetError, match="not an IDX file"):
        read_idx(path)


def test_cifar10_binary_tarball_parses_without_unpickling(tmp_path: Path) -> None:
    images, labels = write_cifar10(tmp_path, per_batch=6, test=5)
    split = parse_cifar10(tmp_path)
    assert split.x_train.shape == (30, 3, 32, 32) and split.x_val.shape == (5, 3, 32, 32)
    assert np.array_equal(split.x_train[:6], images) and np.array_equal(split.y_train[:6], labels)
    with tarfile.open(tmp_path / "cifar-10-binary.tar.gz") as tar:
        assert not any("batches.meta" in name and name.endswith(".pkl") for name in tar.getnames())


def test_downloadable_sets_are_listed_unavailable_until_fetched(tmp_path: Path) -> None:
    listed = {d.name: d for d in catalog_datasets(tmp_path, [])}
    assert set(dataset_names()) <= set(listed)
    for name, shape in (
        ("mnist", [1, 28, 28]),
        ("fashion_mnist", [1, 28, 28]),
        ("cifar10", [3, 32, 32]),
    ):
        assert listed[name].source == "download" and listed[name].available is False
        assert listed[name].sample_shape == shape and len(listed[name].classes or []) == 10


def test_download_from_a_mirror_then_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = tmp_path / "mirror"
    write_mnist(mirror / "mnist", train=40, test=10)
    write_cifar10(mirror / "cifar10", per_batch=2, test=3)
    monkeypatch.setenv(MIRROR_ENV, mirror.as_uri())
    data = tmp_path / "data"
    info = prepare_dataset("mnist", data)
    assert (info.available, info.train_size, info.val_size) == (True, 40, 10)
    assert (data / "downloads" / "mnist" / "t10k-labels-idx1-ubyte.gz").is_file()
    assert load_split("mnist", data).x_train.shape == (40, 1, 28, 28)
    assert float(load_split("mnist", data).x_train.max()) == 1.0  # bytes scaled to [0, 1]
    assert prepare_dataset("cifar10", data).sample_shape == [3, 32, 32]
    assert {d.name: d.available for d in catalog_datasets(data, [])}["cifar10"] is True


def test_a_set_that_cannot_be_fetched_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MIRROR_ENV, (tmp_path / "nowhere").as_uri())
    with pytest.raises(DatasetError) as raised:
        prepare_dataset("fashion_mnist", tmp_path / "data")
    message = str(raised.value)
    assert message.startswith(
        "`fashion_mnist` is not in the data folder and could not be downloaded from file://"
    )
    assert message.endswith(
        f"copy train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
        f"t10k-labels-idx1-ubyte.gz into {tmp_path / 'data' / 'downloads' / 'fashion_mnist'}, "
        "then start the run again."
    )
    assert (
        list((tmp_path / "data" / "downloads" / "fashion_mnist").iterdir()) == []
    )  # no partial file


def test_a_download_says_so_first_and_stops_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_mnist(tmp_path / "mirror" / "mnist", train=20, test=5)
    monkeypatch.setenv(MIRROR_ENV, (tmp_path / "mirror").as_uri())
    data = tmp_path / "data"
    announced: list[str] = []
    with pytest.raises(
        DownloadStopped, match=r"Stopped while downloading train-images-idx3-ubyte\.gz"
    ):
        prepare_dataset("mnist", data, lambda entry: announced.append(entry.title), lambda: True)
    assert announced == ["MNIST digits (28×28)"]
    assert list((data / "downloads" / "mnist").iterdir()) == []  # no partial file is left

    info = prepare_dataset("mnist", data, lambda entry: announced.append(entry.title))
    assert info.available and announced == ["MNIST digits (28×28)"] * 2
    prepare_dataset("mnist", data, lambda entry: announced.append(entry.title))
    assert len(announced) == 2  # already here: nothing to announce
