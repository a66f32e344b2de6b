"""Small files in the formats people upload or the server downloads, written by the tests."""

import gzip
import io
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

FIXTURES = Path(__file__).parent / "fixtures" / "uploads"


def blobs_csv(rows: int = 240, seed: int = 0) -> bytes:
    """Three separable classes in 4 numeric features, with a text target column in the middle."""
    rng = np.random.default_rng(seed)
    lines = ["f1,f2,species,f3,f4"]
    names = ["setosa", "versicolor", "virginica"]
    for i in range(rows):
        c = i % 3
        f = rng.normal(c * 3.0, 0.6, 4) * [1, 10, 100, 0.1]  # very different scales, on purpose
        lines.append(f"{f[0]:.3f},{f[1]:.3f},{names[c]},{f[2]:.3f},{f[3]:.4f}")
    return ("\n".join(lines) + "\n").encode()


def _png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, format="PNG")
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int, header_bytes: int = 13) -> bytes:
    """A PNG that promises width × height grey pixels and holds a few: what a decoder reads first
    (its IHDR cut to `header_bytes`, 13 when whole)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)[:header_bytes]
    idat = _png_chunk(b"IDAT", zlib.compress(bytes(64)))
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + idat


def shapes_zip(
    per_class: int = 30,
    size: int = 20,
    seed: int = 0,
    top: str = "shapes/",
    squares: str = "squares",
) -> bytes:
    """RGB images in two class folders: bright squares and dark crosses, under one top folder."""
    rng = np.random.default_rng(seed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(f"{top}.DS_Store", b"junk that is skipped")
        for i in range(per_class):
            square = rng.integers(0, 60, (size, size, 3), dtype=np.uint8)
            square[4:16, 4:16] = 230
            archive.writestr(f"{top}{squares}/{i}.png", _png(square))
            cross = rng.integers(150, 255, (size + 4, size, 3), dtype=np.uint8)
            cross[10:14, :] = 20
            cross[:, 8:12] = 20
            archive.writestr(f"{top}crosses/{i}.png", _png(cross))
    return out.getvalue()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _npz(**arrays: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)  # type: ignore[arg-type]
    return out.getvalue()


def _lying_npz(shape: str) -> bytes:
    """An NPZ whose `x` header declares `shape` over 16 bytes of data, beside a good `y`."""
    header = f"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"  # the header ends on a 64-byte line
    npy = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("x.npy", npy + bytes(16))
        y = io.BytesIO()
        np.save(y, np.array([0, 1]))
        archive.writestr("y.npy", y.getvalue())
    return out.getvalue()


def _symlink_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("cats/1.png", _png(np.zeros((4, 4), np.uint8)))
        link = zipfile.ZipInfo("dogs/1.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return out.getvalue()


def _patched_zip(flag: int = 0, method: int = zipfile.ZIP_STORED, name: bytes = b"cats") -> bytes:
    """Two class folders, stored, then each header's flags and method set to what is given and
    the first folder renamed (as many bytes): a ZIP as an encrypting or Deflate64 archiver writes
    it, or one that lies about its method or its names' encoding."""
    data = _zip({"cats/1.png": _pixel(), "dogs/1.png": _pixel()}, zipfile.ZIP_STORED)
    patched = bytearray(data.replace(b"cats/", name + b"/"))
    for signature, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local, central headers
        start = patched.find(signature)
        while start != -1:
            flags = int.from_bytes(patched[start + at : start + at + 2], "little") | flag
            patched[start + at : start + at + 4] = flags.to_bytes(2, "little") + method.to_bytes(
                2, "little"
            )
            start = patched.find(signature, start + 4)
    return bytes(patched)


def _damaged_directory_zip() -> bytes:
    data = bytearray(_zip({"cats/1.png": _pixel(), "dogs/1.png": _pixel()}))
    data[data.find(b"PK\x01\x02") + 2] = 0x77  # the central directory's first signature
    return bytes(data)


def _damaged_npz() -> bytes:
    """An NPZ (stored, as np.savez writes it) with a byte of x's data changed: its CRC fails."""
    data = bytearray(_npz(x=np.zeros((4000, 2)), y=np.arange(4000) % 2))
    data[data.find(b"\x93NUMPY") + 128] = 1  # x's first value, past its 128-byte header
    return bytes(data)


def _pixel() -> bytes:
    return _png(np.zeros((4, 4), np.uint8))


def bad_file(name: str) -> bytes:
    """The bytes of a bad upload: a committed file, or one made here for binary formats."""
    made: dict[str, Callable[[], bytes]] = {
        "dotdot.zip": lambda: _zip({"cats/1.png": _pixel(), "../evil.png": _pixel()}),
        "absolute.zip": lambda: _zip({"cats/1.png": _pixel(), "/tmp/evil.png": _pixel()}),
        "symlink.zip": _symlink_zip,
        "bomb.zip": lambda: _zip({"cats/1.png": _pixel(), "dogs/zeros.png": bytes(8 * 2**20)}),
        "not_an_image.zip": lambda: _zip(
            {"cats/1.png": _pixel(), "dogs/2.png": _pixel(), "notes.txt": b"hi"}
        ),
        "no_class_folder.zip": lambda: _zip({"cats/1.png": _pixel(), "2.png": _pixel()}),
        "one_class.zip": lambda: _zip({"cats/1.png": _pixel(), "cats/2.png": _pixel()}),
        "broken_image.zip": lambda: _zip({"cats/1.png": _pixel(), "dogs/2.png": b"not a png"}),
        # An empty class folder inside the folder that was zipped; then two at the top, one
        # holding only what macOS leaves: the model would silently have fewer classes.
        "empty_class.zip": lambda: _zip(
            {"pets/cats/1.png": _pixel(), "pets/dogs/1.png": _pixel(), "pets/birds/": b""}
        ),
        "empty_classes.zip": lambda: _zip(
            {"cats/1.png": _pixel(), "dogs/1.png": _pixel(), "birds/": b"", "fish/.DS_Store": b"x"}
        ),
        "not_a_zip.zip": lambda: b"PK? no, just text",
        "encrypted.zip": lambda: _patched_zip(flag=0x1),
        "deflate64.zip": lambda: _patched_zip(method=9),
        "damaged_deflate.zip": lambda: _patched_zip(method=zipfile.ZIP_DEFLATED),
        "damaged_directory.zip": _damaged_directory_zip,
        "long_class_name.zip": lambda: shapes_zip(per_class=1, squares="s" * 201),
        "not_utf8_name.zip": lambda: _patched_zip(flag=0x800, name=b"ca\xfft"),
        "damaged.npz": _damaged_npz,
        "objects.npz": lambda: _npz(x=np.array([[1.0], [2.0]]), y=np.array([{"a": 1}, None])),
        "mismatch.npz": lambda: _npz(x=np.zeros((10, 3)), y=np.zeros(9)),
        "no_y.npz": lambda: _npz(x=np.zeros((10, 3)), labels=np.zeros(10)),
        "negative_shape.npz": lambda: _lying_npz("(2, -1)"),
        "overflowing_shape.npz": lambda: _lying_npz("(4294967296, 4294967296)"),
        "nan.npz": lambda: _npz(x=np.array([[1.0], [np.nan]]), y=np.array([0, 1])),
        "huge.npz": lambda: _npz(x=np.array([[1.0, 2], [3, 4], [5, 1e300]]), y=np.arange(3)),
        "huge_fortran.npz": lambda: _npz(
            x=np.asfortranarray([[1.0, 2, 3], [4, 5, -1e39]]), y=np.arange(2)
        ),
        "huge_y.npz": lambda: _npz(x=np.zeros((4, 2)), y=np.array([0.5, 1, 2, 1e300])),
        "long_labels.npz": lambda: _npz(x=np.zeros((2, 2)), y=np.array(["a" * 300, "b"])),
        "long_label.csv": lambda: b"f,t\n1," + b"a" * 100_000 + b"\n" + b"2,b\n3,c\n" * 1000,
    }
    return made[name]() if name in made else (FIXTURES / name).read_bytes()


def write_mnist(folder: Path, train: int = 120, test: int = 30, seed: int = 0) -> None:
    """Gzipped IDX files as MNIST ships them: a bright bar whose row is the label."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for prefix, n in (("train", train), ("t10k", test)):
        labels = (np.arange(n) % 10).astype(np.uint8)
        images = rng.integers(0, 40, (n, 28, 28), dtype=np.uint8)
        for i, label in enumerate(labels):
            images[i, 2 + 2 * label : 4 + 2 * label, :] = 255
        header = bytes([0, 0, 8, 3]) + np.array([n, 28, 28], ">u4").tobytes()
        (folder / f"{prefix}-images-idx3-ubyte.gz").write_bytes(
            gzip.compress(header + images.tobytes())
        )
        header = bytes([0, 0, 8, 1]) + np.array([n], ">u4").tobytes()
        (folder / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(
            gzip.compress(header + labels.tobytes())
        )


def cifar_records(n: int, seed: int) -> tuple[bytes, np.ndarray, np.ndarray]:
    """n CIFAR-10 binary records: (label byte, 3072 pixel bytes), and what they hold."""
    rng = np.random.default_rng(seed)
    labels = (np.arange(n) % 10).astype(np.uint8)
    images = rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)
    records = np.concatenate([labels[:, None], images.reshape(n, -1)], axis=1)
    return records.tobytes(), images, labels


def write_cifar10(folder: Path, per_batch: int = 6, test: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """cifar-10-binary.tar.gz as the CIFAR site ships it; returns the first batch's images and labels."""
    folder.mkdir(parents=True, exist_ok=True)
    first: tuple[np.ndarray, np.ndarray] | None = None
    with tarfile.open(folder / "cifar-10-binary.tar.gz", "w:gz") as tar:
        names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
        for seed, name in enumerate(names):
            data, images, labels = cifar_records(
                test if name == "test_batch.bin" else per_batch, seed
            )
            first = first or (images, labels)
            info = tarfile.TarInfo(f"cifar-10-batches-bin/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert first is not None
    return first
