"""Byte sizes in words, in the binary units the server counts its limits in and the frontend
shows sizes in (formatBytes.ts): 1 KiB = 1024 bytes, 1 MiB = 1024 KiB."""

KIB = 2**10
MIB = 2**20


def size_text(size: int) -> str:
    """A size in MiB, in KiB under a MiB, in bytes under a KiB (a small limit is not '0 MiB')."""
    if size >= MIB:
        return f"{size / MIB:,.0f} MiB"
    if size >= KIB:
        return f"{size / KIB:,.0f} KiB"
    return f"{size:,} bytes"
