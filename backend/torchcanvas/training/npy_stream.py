"""An NPZ's arrays written a block of rows at a time, byte for byte as np.savez writes them whole.

np.savez needs each array whole in memory: an upload's file of 1 GiB held 1 GiB (and the copy it
was put in order in). An NPZ is a ZIP of .npy files; each is written here as np.savez writes it
(the same ZIP entry, the same header), then its data one block of rows after another, whose
bytes in C order follow one another as the whole array's do.
"""

import itertools
import zipfile
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

import numpy as np

# What a block becomes in the file ((N, C, H, W) -> (N, H, W, C), say); rows stay the first axis.
Layout = Callable[[np.ndarray], np.ndarray]


def _same(block: np.ndarray) -> np.ndarray:
    return block


def npy_header(
    rows: int, block_shape: tuple[int, ...], dtype: np.dtype, layout: Layout
) -> dict[str, Any]:
    """The .npy header np.save gives `layout(x)` for an x of `rows` rows of `block_shape[1:]`.

    Whether that array is stored in Fortran order depends on which of its sides are 1 (a view's
    strides do): an array of sides of at most 2 laid out the same way says, without the memory."""
    small = np.empty((min(rows, 2), *(min(side, 2) for side in block_shape[1:])), dtype=dtype)
    header = np.lib.format.header_data_from_array_1_0(layout(small))
    shape = layout(np.empty((0, *block_shape[1:]), dtype=dtype)).shape
    header["shape"] = (rows, *(int(side) for side in shape[1:]))
    return header


class NpzWriter:
    """An NPZ being written as np.savez writes one (ZIP_STORED, zip64 entries), array by array."""

    def __init__(self, out: BinaryIO) -> None:
        self.archive = zipfile.ZipFile(
            out, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True
        )

    def __enter__(self) -> "NpzWriter":
        return self

    def __exit__(self, *_: object) -> None:
        self.archive.close()

    def add(
        self,
        name: str,
        rows: int,
        blocks: Iterable[np.ndarray],
        layout: Layout = _same,
    ) -> None:
        """The array `name` of `rows` rows, `layout` of each block of `blocks` in turn (at least
        one block, which may have no rows)."""
        parts = iter(blocks)
        first = next(parts)
        header = npy_header(rows, first.shape, first.dtype, layout)
        with self.archive.open(f"{name}.npy", "w", force_zip64=True) as member:
            if header["fortran_order"]:  # a single sample's array alone: small, written whole
                whole = layout(np.concatenate([first, *parts]))
                np.lib.format.write_array(member, whole, allow_pickle=False)
                return
            np.lib.format.write_array_header_1_0(member, header)
            for block in itertools.chain([first], parts):
                member.write(layout(block).tobytes(order="C"))
