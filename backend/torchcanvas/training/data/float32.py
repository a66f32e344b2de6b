"""What numbers an upload may hold: those float32 keeps finite, the type training computes in.

A value past float32's range would be stored as infinity, and every statistic over its column
(mean, std) as NaN, which JSON cannot hold: the upload is refused instead, with where it is.
"""

import numpy as np

FLOAT32_MAX = float(np.finfo(np.float32).max)  # about 3.4e38
_ELEMENTS_AT_A_TIME = 2**20


def fits_float32(values: np.ndarray) -> bool:
    """True when every value is finite and within float32's range (NaN fails min and max).

    Compared as Python floats: a float16 array's scalar compared with FLOAT32_MAX casts the
    bound to float16, where it is infinity, and infinity then passed."""
    if values.size == 0:
        return True
    return float(values.min()) >= -FLOAT32_MAX and float(values.max()) <= FLOAT32_MAX


def _inside(block: np.ndarray) -> np.ndarray:
    """Each value's fit, as fits_float32 judges the whole: a float type narrower than float32
    (float16) fits where finite, as FLOAT32_MAX cast to it would be infinity."""
    if float(np.finfo(block.dtype).max) < FLOAT32_MAX:
        return np.asarray(np.isfinite(block))
    return np.asarray(np.abs(block) <= FLOAT32_MAX)


def first_outside_float32(values: np.ndarray) -> int | None:
    """The flat (C-order) index of the first value of a float array that is not a finite
    float32, or None; looks at a block at a time, so no full-size temporary is made."""
    flat = values.reshape(-1)
    for start in range(0, len(flat), _ELEMENTS_AT_A_TIME):
        block = flat[start : start + _ELEMENTS_AT_A_TIME]
        if not fits_float32(block):
            return start + int(np.argmin(_inside(block)))
    return None


def outside_float32(what: str, value: str, where: str, fix: str) -> str:
    """The message for a value float32 cannot hold: what holds it, where, and what to do."""
    return (
        f"{what} holds {value} {where}, outside the range of float32 (±{FLOAT32_MAX:.1e}), the "
        f"numbers training uses: {fix}."
    )
