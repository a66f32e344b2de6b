"""The data folder's format, stamped in its database (PRAGMA user_version): a version of
TorchCanvas refuses a folder a newer one wrote, in one line, before it changes anything in it.

Each version adds fields to what it stores (a training setting, an event), and reads its records
strictly: a version rolled back to found every run a newer one had made or continued "damaged",
left them out of the runs page without naming them, advised deleting them, and failed the queued
ones for good (an upgrade review). Folders stamped before this module (format 0) are read as
format 1, which they are.
"""

from pathlib import Path

FORMAT = 2
# The shapes of the records this format stores (runs with their designs, training settings and
# metrics; their events; share links; classes), as tests/backend/test_data_format.py works them
# out from the models: that test fails where they changed and FORMAT did not, and says what to set.
FINGERPRINT = "e909f2aad7d7f7c8"


class NewerData(RuntimeError):
    """The database was written by a newer TorchCanvas than this one: nothing in it is touched."""

    def __init__(self, path: Path, found: int) -> None:
        super().__init__(
            f"The database {path} was written by a newer TorchCanvas (data format {found}; this "
            f"version reads formats up to {FORMAT}): start that version, or a later one, on it, or "
            "set TORCHCANVAS_DATA to another folder. Nothing in it was changed."
        )
