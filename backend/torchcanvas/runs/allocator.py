"""A worker keeps the memory that a training step frees for the next step.

glibc's malloc hands freed memory at the top of its heap back to the kernel once more than
M_TRIM_THRESHOLD of it is free, and gives big blocks (over M_MMAP_THRESHOLD) pages of their own
that go back when freed. A training step frees its activations and gradients and the next step
asks for the same sizes again, so by default every step faults the same pages in anew: on the
digits CNN about 40 page faults a step, some 5 % of its time and most of its run-to-run spread.
Raised, the next step reuses them. The cost is that a worker keeps up to TRIM_THRESHOLD of freed
memory it could have returned. Elsewhere than glibc (musl, macOS) nothing changes.
"""

import ctypes

M_TRIM_THRESHOLD = -1  # mallopt's parameter numbers, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024  # the most glibc takes: blocks up to 32 MiB come from the heap
TRIM_THRESHOLD = 256 * 1024 * 1024  # freed memory kept at the top of the heap before returning it


def keep_freed_memory() -> bool:
    """Raises this process's malloc thresholds; False where its C library has no mallopt."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already uses
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
