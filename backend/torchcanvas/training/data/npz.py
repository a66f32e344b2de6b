"""NPZ uploads: arrays x and y, their headers checked first, x converted a block at a time.

What the upload becomes once stored (x as float32, or uint8 images, and y) is known from the
headers alone, so it is bounded, and counted against the owner's quota, before anything is
unpacked; x then goes straight into its float32 array, with no full-size copy in its old type.
"""

import math
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np

from torchcanvas.design.schema import MAX_SAMPLE_DIMS
from torchcanvas.sizes import size_text
from torchcanvas.training.data.float32 import first_outside_float32, outside_float32
from torchcanvas.training.data.limits import (
    DAMAGED_ZIP,
    MAX_LABEL_CHARS,
    UploadError,
    UploadLimits,
    UploadTooLarge,
    open_zip,
)

_BLOCK_BYTES = 2**22  # x is read and converted 4 MiB at a time
Header = tuple[tuple[int, ...], bool, np.dtype]  # shape, Fortran order, dtype


def _read_header(stream: IO[bytes]) -> Header:
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(stream)
    return np.lib.format.read_array_header_2_0(stream)


def _header(archive: zipfile.ZipFile, key: str) -> Header:
    """One array's header, checked, so that neither objects nor lies get further."""
    try:
        with archive.open(f"{key}.npy") as stream:
            shape, fortran, dtype = _read_header(stream)
    except (KeyError, ValueError, *DAMAGED_ZIP) as exc:
        raise UploadError(
            f"The NPZ array `{key}` cannot be read ({exc}): save the arrays with np.savez(path, x=x, y=y)."
        ) from None
    if dtype.hasobject:
        raise UploadError(
            f"The NPZ array `{key}` holds Python objects (dtype {dtype}), which are never "
            f"unpickled: save numbers, e.g. np.savez(path, x=x.astype('float32'), y=y)."
        )
    chars = dtype.itemsize // (4 if dtype.kind == "U" else 1)
    if dtype.kind in "US" and chars > MAX_LABEL_CHARS:
        raise UploadError(
            f"The NPZ array `{key}` holds text up to {chars:,} characters long (dtype "
            f"{dtype.str}): a class name may have at most {MAX_LABEL_CHARS}; shorten the labels."
        )
    if any(d < 0 for d in shape):
        raise UploadError(
            f"The NPZ array `{key}` declares a negative dimension in its shape {list(shape)}: "
            "save it again with np.savez."
        )
    size = math.prod(shape) * dtype.itemsize  # Python ints: a lying header cannot overflow
    if size > archive.getinfo(f"{key}.npy").file_size:
        raise UploadError(f"The NPZ array `{key}` is shorter than its header says: save it again.")
    return shape, fortran, dtype


def _check_headers(x: Header, y: Header) -> None:
    (x_shape, _, x_type), (y_shape, _, y_type) = x, y
    if x_type.kind not in "biuf":
        raise UploadError(f"The NPZ array `x` has dtype {x_type}: samples must be numbers.")
    if y_type.kind not in "biufUS":
        raise UploadError(
            f"The NPZ array `y` has dtype {y_type}: targets must be numbers or text labels."
        )
    if not x_shape or not y_shape:
        raise UploadError(
            "The NPZ arrays `x` and `y` need one entry per sample along their first axis."
        )
    if x_shape[0] != y_shape[0]:
        raise UploadError(
            f"`x` has {x_shape[0]:,} samples but `y` has {y_shape[0]:,}: they need the same first "
            "dimension, one target per sample."
        )
    if x_shape[0] < 2:
        raise UploadError(
            "The NPZ holds fewer than 2 samples: one is needed to train and one to validate."
        )
    for key, dims in (("x", x_shape), ("y", y_shape)):
        if 0 in dims[1:]:  # a network takes no sample of no numbers, nor gives one
            sizes = ", ".join(str(d) for d in dims)
            raise UploadError(
                f"The NPZ array `{key}` has shape ({sizes}): each sample holds no numbers. Give "
                f"every sample at least one, as in shape ({dims[0]}, 1)."
            )
    if len(x_shape) > 1 + MAX_SAMPLE_DIMS:  # a design's input_shape takes at most 4
        shape = ", ".join(str(d) for d in x_shape[1:])
        raise UploadError(
            f"The NPZ array `x` has samples of {len(x_shape) - 1} dimensions, ({shape}): a "
            f"sample may have at most {MAX_SAMPLE_DIMS}, such as (C, H, W) for images; reshape "
            "x to (N, ...) with at most 4 after N, or flatten it."
        )


def stored_bytes(x: Header, y: Header) -> int:
    """What the arrays take once stored: x as float32 (uint8 stays bytes), y as float32
    (a regression target) or int64 (class indices)."""
    (x_shape, _, x_type), (y_shape, _, y_type) = x, y
    x_item = 1 if x_type == np.uint8 else 4
    return math.prod(x_shape) * x_item + math.prod(y_shape) * (4 if y_type.kind == "f" else 8)


def _refuse_outside(
    key: str, flat: np.ndarray, offset: int, shape: tuple[int, ...], fortran: bool
) -> None:
    """Refuses a block of floats (from flat index `offset`, in the array's memory order) that
    holds NaN, infinity or a number past float32's range, naming the sample."""
    if flat.dtype.kind != "f":
        return  # integers and text always fit
    found = first_outside_float32(flat)
    if found is None:
        return
    value, index = flat[found], offset + found
    if not np.isfinite(value):
        raise UploadError(
            f"The NPZ array `{key}` holds NaN or infinite values: replace or drop those samples."
        )
    per_sample = max(1, math.prod(shape[1:]))
    sample = index % shape[0] if fortran and len(shape) > 1 else index // per_sample
    raise UploadError(
        outside_float32(
            f"The NPZ array `{key}`",
            f"{value:.3g}",
            f"(sample {sample:,})",
            "scale the values down, or drop those samples",
        )
    )


def _read_x(archive: zipfile.ZipFile, header: Header) -> np.ndarray:
    """x as float32 (uint8 as it is), read and converted a block at a time."""
    shape, fortran, dtype = header
    count = math.prod(shape)
    out = np.empty(count, dtype=np.uint8 if dtype == np.uint8 else np.float32)  # (N*...,)
    step = max(1, _BLOCK_BYTES // dtype.itemsize)
    with archive.open("x.npy") as stream:
        _read_header(stream)
        for start in range(0, count, step):
            n = min(step, count - start)
            data = stream.read(n * dtype.itemsize)
            if len(data) < n * dtype.itemsize:
                raise UploadError(
                    "The NPZ array `x` is shorter than its header says: save it again."
                )
            block = np.frombuffer(data, dtype=dtype)
            _refuse_outside("x", block, start, shape, fortran)
            out[start : start + n] = block
    return out.reshape(shape, order="F" if fortran else "C")


_CHANNELS = (1, 3, 4)  # grey, colour, colour with alpha


def channels_last(shape: tuple[int, ...]) -> bool:
    """Whether x's samples look like images stored (H, W, C), as NumPy, PIL and TensorFlow keep
    them: a last axis of 1, 3 or 4 channels after two that are not. PyTorch's Conv2d takes
    (C, H, W); read as they are, (32, 32, 3) would be 32 channels of 32 × 3 pictures."""
    return len(shape) == 4 and shape[3] in _CHANNELS and min(shape[1], shape[2]) > max(_CHANNELS)


_SMALLEST_SIDE = 8  # pixels: a (N, 2, 100) x is 2-channel sequences for Conv1d, not pictures
_LONGEST_RATIO = 4  # a side more than 4 times the other is a sequence's length, as (12, 1000)


def one_channel(shape: tuple[int, ...]) -> bool:
    """Whether x's samples look like one-channel images stored (H, W), as Keras keeps MNIST:
    two sides of at least 8 pixels, neither more than 4 times the other. Read as they are,
    (28, 28) would be 28 sequences of 28 for Conv1d, or 784 flat features."""
    if len(shape) != 3:
        return False
    short, long = sorted(shape[1:])
    return short >= _SMALLEST_SIDE and long <= _LONGEST_RATIO * short


def to_channels_first(x: np.ndarray) -> np.ndarray:
    """(N, H, W, C) -> (N, C, H, W), in a new array (x's size again, for a moment)."""
    return np.ascontiguousarray(np.moveaxis(x, 3, 1))


def read_npz(
    path: Path,
    file_name: str,
    limits: UploadLimits,
    check_stored: Callable[[int], None] = lambda size: None,
) -> tuple[np.ndarray, np.ndarray]:
    """The arrays x and y of an NPZ file, loaded with allow_pickle=False; `check_stored` is
    given what they will take once stored, before they are unpacked."""
    with open_zip(path, file_name, limits) as archive, np.load(path, allow_pickle=False) as npz:
        if "x" not in npz.files or "y" not in npz.files:
            held = ", ".join(f"`{k}`" for k in npz.files) or "no arrays"
            raise UploadError(
                f"The NPZ file holds {held} but needs `x` (the samples) and `y` (the targets): "
                "save it with np.savez(path, x=x, y=y)."
            )
        x_header, y_header = _header(archive, "x"), _header(archive, "y")
        _check_headers(x_header, y_header)
        size = stored_bytes(x_header, y_header)
        if size > limits.max_stored_bytes:
            raise UploadTooLarge(
                f"The NPZ would take {size_text(size)} once stored (x as float32), more than the "
                f"limit of {size_text(limits.max_stored_bytes)}: upload fewer samples, or smaller "
                "ones."
            )
        check_stored(size)
        try:
            x = _read_x(archive, x_header)
            y: np.ndarray = npz["y"]
        except DAMAGED_ZIP as exc:
            raise UploadError(
                f"The NPZ file is damaged ({exc}): save it again with np.savez(path, x=x, y=y)."
            ) from None
    fortran = y.ndim > 1 and not y.flags.c_contiguous
    _refuse_outside("y", np.ravel(y, order="F" if fortran else "C"), 0, y.shape, fortran)
    if x.ndim == 1:
        x = x[:, None]  # (N,) -> (N, 1): one feature per sample
    return x, y
