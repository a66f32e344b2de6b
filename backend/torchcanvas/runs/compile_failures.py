"""A run whose model is compiled (torch.compile), and whose compiler meets a full disk, ends
saying so in a few words: it ended with the compiler's whole output, 13.7 KB of g++ warnings
naming the server's paths, which the run's owner (and a share link's visitor) read.

torch.compile writes its cache, the generated C++ and what it builds, under
TORCHINDUCTOR_CACHE_DIR, else `torchinductor_<user>` in the temporary folder, and g++ writes its
own files under TMPDIR: neither is in the data folder, so neither is counted by
TORCHCANVAS_MIN_FREE_BYTES, the disk watch or the quotas (README, "A full disk")."""

from torchcanvas.store.free_space import is_disk_full

NO_SPACE = "No space left on device"  # strerror(ENOSPC), as g++ and Python's OSError say it
COMPILE_MET_A_FULL_DISK = (
    "Compiling the model met a full disk: the server's temporary folder, where torch.compile "
    "keeps its cache and the compiler writes its files, has no space left, so this run stopped. "
    "Whoever runs the server should free space there (the README says where it is), or turn "
    "off Compile the model."
)


def _chain(exc: BaseException) -> list[BaseException]:
    """The error and those it was raised from or while handling, in that order."""
    chain: list[BaseException] = []
    at: BaseException | None = exc
    while at is not None and all(at is not seen for seen in chain):
        chain.append(at)
        at = at.__cause__ or at.__context__
    return chain


def compile_met_a_full_disk(exc: BaseException) -> bool:
    """Whether a run's error is torch.compile's (dynamo's or inductor's), and a write of its, or
    of the compiler it ran, met a full disk: as an errno in the chain, or in the compiler's words."""
    chain = _chain(exc)
    compiling = any(
        type(e).__module__.startswith(("torch._dynamo", "torch._inductor")) for e in chain
    )
    return compiling and any(is_disk_full(e) or NO_SPACE in str(e) for e in chain)
