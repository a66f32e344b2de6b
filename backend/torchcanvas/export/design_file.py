"""A run's design.json, as its owner downloads it: the design the database holds.

The file beside the run is a copy for whoever reads the folder. One cut short by a full disk,
edited by hand or deleted was served as it was (a download the editor could not open); it is
written again from the database's design before it is served."""

import os
import tempfile
from pathlib import Path

from torchcanvas.design.schema import Design
from torchcanvas.training.run_folder import RunFolder


def design_text(design: Design) -> str:
    """The design as design.json holds it."""
    return design.model_dump_json(indent=2, exclude_none=True)


def design_file(folder: RunFolder, design: Design) -> Path:
    """The run's design.json, written again where it is missing or is not `design`. Raises
    FileNotFoundError where the run's folder is gone (deleted as it was asked for): it is not
    made again."""
    text = design_text(design)
    try:
        if folder.design.read_text(encoding="utf-8") == text:
            return folder.design
    except (OSError, UnicodeDecodeError):
        pass  # missing or unreadable: written again below
    # A name of its own (two downloads at once each write theirs), renamed into place.
    handle, partial = tempfile.mkstemp(
        prefix=f"{folder.design.name}-", suffix=".partial", dir=folder.path
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(partial, folder.design)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return folder.design
