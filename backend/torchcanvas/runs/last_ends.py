"""The ends a full disk refused are stored before the server stops, in the space reserve's room
if need be: kept only in memory (runs/kept_ends.py), they were lost with the server, and the next
start read those runs as stopped by the server ("The server stopped before this run finished"),
not as the disk's doing."""

import logging
from pathlib import Path

from torchcanvas.runs.recorder import RunRecorder
from torchcanvas.store.space_reserve import SpaceReserve

log = logging.getLogger(__name__)


def store_last_ends(recorder: RunRecorder, data_dir: Path) -> None:
    """Stores the kept ends, giving up the space reserve where the disk is still full (the next
    start makes it again once there is room); says in the log which could not be stored."""
    recorder.store_kept_ends()
    kept = recorder.kept_ends
    if (kept.records or kept.logs) and SpaceReserve(data_dir, 0).give_up():
        recorder.store_kept_ends()
    for run_id in dict.fromkeys([*kept.records, *kept.logs]):
        log.warning(
            "run %s: its end could not be stored before the server stopped (the disk is full): "
            "it will read as stopped by the server",
            run_id,
        )
