"""When each run last ended an epoch (Unix seconds), kept in memory for the queue's wait estimate
(runs/queue_wait.py): how far a run is into its current epoch is in no record, and without it the
estimate rose all through each epoch, then fell at its end."""

import threading
import time


class EpochEnds:
    """The time of each training run's latest epoch end; forgotten as it ends, lost on a restart."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._at: dict[str, float] = {}

    def ended(self, run_id: str, at: float | None = None) -> None:
        with self._lock:
            self._at[run_id] = time.time() if at is None else at

    def forget(self, run_id: str) -> None:
        with self._lock:
            self._at.pop(run_id, None)

    def of(self, run_ids: list[str]) -> dict[str, float]:
        """The latest epoch end of each of the runs that has one."""
        with self._lock:
            return {run_id: self._at[run_id] for run_id in run_ids if run_id in self._at}
