"""An upload's arrays are stored as np.save stores them, and a full disk says ENOSPC as they are."""

import errno
from pathlib import Path

import numpy as np
import pytest

from tests.backend.small_disk import fill_to, small_disk
from torchcanvas.store.free_space import is_disk_full
from torchcanvas.training.data.npy_file import npy_bytes, write_npy

RNG = np.random.default_rng(0)
ARRAYS = {
    "images": RNG.integers(0, 256, (40, 3, 32, 32), dtype=np.uint8),
    "floats": RNG.random((300, 7), dtype=np.float32),
    "no rows": np.zeros((0, 4), dtype=np.float32),
    "fortran": np.asfortranarray(RNG.random((50, 6))),
    "strided": RNG.random((60, 4))[::2],
    "big endian": np.arange(10, dtype=">i4"),
    "many blocks": RNG.random((2**18, 20), dtype=np.float32),  # 20 MiB: two blocks
}


@pytest.mark.parametrize("array", ARRAYS.values(), ids=ARRAYS.keys())
def test_the_file_is_what_np_save_writes(tmp_path: Path, array: np.ndarray) -> None:
    write_npy(tmp_path / "ours.npy", array)
    np.save(tmp_path / "numpy.npy", array, allow_pickle=False)
    assert (tmp_path / "ours.npy").read_bytes() == (tmp_path / "numpy.npy").read_bytes()
    assert npy_bytes(array) == (tmp_path / "ours.npy").stat().st_size


def test_a_full_disk_is_enospc_not_numpys_errorless_oserror(tmp_path: Path) -> None:
    """Room for the header, not the body (a real tmpfs): np.save raised OSError("problem
    writing element ...") with no errno, which the API answered 500 for (a review)."""
    array = RNG.integers(0, 256, (1000, 3, 32, 32), dtype=np.uint8)  # 3 MiB
    with small_disk(tmp_path / "disk", 4 * 2**20) as disk:
        filler = fill_to(disk, 2**20)
        with pytest.raises(OSError) as raised:
            write_npy(disk / "x.npy", array)
        filler.unlink()
    assert raised.value.errno == errno.ENOSPC
    assert is_disk_full(raised.value)
