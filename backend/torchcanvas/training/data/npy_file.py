"""An upload's array stored as a .npy file, byte for byte as np.save writes it, through Python's
own writes.

np.save writes an array's body with ndarray.tofile, whose failure on a full disk is an OSError
without an errno ("problem writing element 802816 to file"): the API could not tell it from a
fault of the code and answered 500 (a review on a small disk). Python's writes say ENOSPC
(errno 28), which the API answers 507 (api/disk.py)."""

import io
from pathlib import Path
from typing import Any

import numpy as np

_BLOCK_BYTES = 2**24  # the body is written a block of rows at a time: a copy of at most this


def _header(array: np.ndarray) -> dict[str, Any]:
    return np.lib.format.header_data_from_array_1_0(array)


def npy_bytes(array: np.ndarray) -> int:
    """What write_npy (and np.save) writes for the array: its header, then its bytes."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, _header(array))
    return header.tell() + array.nbytes


def write_npy(path: Path, array: np.ndarray) -> None:
    """Writes `array` to `path` as np.save(path, array, allow_pickle=False) would; a full disk
    raises OSError(ENOSPC)."""
    if array.dtype.hasobject:
        raise ValueError("an upload's arrays hold numbers, never Python objects")
    header = _header(array)
    # np.save writes an array in Fortran order as its transpose's C order, any other in C order.
    body = np.atleast_1d(array.T if header["fortran_order"] else array)
    rows = max(1, _BLOCK_BYTES // max(1, body[:1].nbytes))
    with path.open("wb") as out:
        np.lib.format.write_array_header_1_0(out, header)
        for start in range(0, len(body), rows):
            # (rows, ...) in C order: its bytes follow the rows before it as the whole array's do
            out.write(np.ascontiguousarray(body[start : start + rows]).data)
