"""Runs that fill their owner's disk quota, or the server's disk, as they train are stopped where
they stand.

The disk first: while the data folder's disk has less free than TORCHCANVAS_MIN_FREE_BYTES,
every running run is stopped (checkpoint and weights kept, as below), before the disk fills and
neither their events nor their ends can be stored; each end says so, and to press Continue once
there is room.

The quota (TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER, store/disk_use.py) is checked when a run is
queued or continued, but a run writes as it trains, and not all of it is bounded:
- its files: design.json and dataset.json (kilobytes), init.safetensors (its weights: at most
  200 MB, the design limit of 50 M parameters), at most two checkpoints at once and a third being
  written (each the weights and the optimizer's state: 600 MB at most with Adam, 800 MB with
  amsgrad), then weights.safetensors and results.json once it ends. Bounded by the design
  limits: at most about 2.2 GB a run with Adam (2.8 GB with amsgrad), however long it trains.
- its event log: about 22 events a second (20 progress frames, an insight look), each 1 to 2 KB
  on the digits CNN (37 KB/s measured, 130 MB an hour) and more on a fast GPU, whose frames carry
  the loss of every step (about 20 bytes each). Bounded only by its steps, 1,000 epochs of a
  dataset that an upload of 2 GiB can make long: days of training, gigabytes of events.
So every few seconds the watch measures the owners of running runs, and stops the running runs
of an owner whose runs take the quota or more (runs queued without an owner cookie the server
issued are their address's, all together): Stop writes a checkpoint at the exact step and
keeps the weights, so nothing it reached is lost, and its end says what to delete to go on. What
passes the quota is what runs write between two looks, and the checkpoint and weights of a stop.
A look reads the files of active runs only: an ended run's folder size is remembered, and read
again only when its folder's stamp moves (Continue, a first export; store/disk_use.FolderSizes).
"""

import threading
from collections.abc import Callable
from pathlib import Path

from torchcanvas.runs.periodic import Periodic
from torchcanvas.store.disk_use import DiskUse, is_address, runs_take
from torchcanvas.store.free_space import disk_full_stop_message, free_bytes
from torchcanvas.training.events import EndEvent

LOOK_EVERY = 5.0  # seconds between two looks: a run's events grow by about 200 KB in that time


class WatchStops:
    """The runs stopped by someone other than their owner, each with why: the disk watch (its
    owner's quota, or a full disk) or the server's admin."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._why: dict[str, str] = {}  # run id: why it stopped, and what to do

    def stopping(self, run_id: str, why: str) -> None:
        with self._lock:
            self._why[run_id] = why

    def kept(self, run_id: str) -> None:
        """The run could not be stopped (it had just ended): its end says nothing of this stop."""
        with self._lock:
            self._why.pop(run_id, None)

    def explain(self, run_id: str, event: EndEvent) -> EndEvent:
        """A run stopped this way ends saying why, and what to do."""
        with self._lock:
            why = self._why.pop(run_id, None)
        if why is None or event.status != "cancelled":
            return event
        return event.model_copy(update={"message": f"{event.message or 'Stopped.'} {why}"})


def quota_stop_message(used: int, limit: int, by_address: bool = False) -> str:
    return (
        f"{runs_take(used, limit, by_address)}, so this run stopped where it stood, keeping what it "
        "reached: delete runs you no longer need from the runs page (download what you want to "
        "keep first), then press Continue to go on from where it stopped."
    )


class DiskWatch:
    """A thread that stops every running run while the data folder's disk has less than
    `min_free_bytes` free, and the running runs of owners whose runs take `limit` bytes or more."""

    def __init__(
        self,
        use: DiskUse,
        stops: WatchStops,
        stop_run: Callable[[str], bool],
        limit: int,
        every: float = LOOK_EVERY,
        data_dir: Path | None = None,
        min_free_bytes: int = 0,
    ) -> None:
        self.use, self.stops, self.stop_run, self.limit = use, stops, stop_run, limit
        self.data_dir, self.min_free_bytes = data_dir, min_free_bytes
        self._clock = Periodic("disk-watch", every, self.check)

    def check(self) -> list[str]:
        """Stops the running runs, all of them on a (nearly) full disk, else those of owners at
        or past the quota; returns their ids."""
        if self.data_dir is not None:
            free = free_bytes(self.data_dir)
            if free < self.min_free_bytes:
                why = disk_full_stop_message(free, self.min_free_bytes)
                return self._stop(self.use.running(), why)
        stopped = []
        training = self.use.training()
        taken = self.use.of_owners(list(training))
        for owner_hash, run_ids in training.items():
            used = taken[owner_hash]
            if used < self.limit:
                continue
            why = quota_stop_message(used, self.limit, is_address(owner_hash))
            stopped += self._stop(run_ids, why)
        return stopped

    def _stop(self, run_ids: list[str], why: str) -> list[str]:
        stopped = []
        for run_id in run_ids:
            self.stops.stopping(run_id, why)
            if self.stop_run(run_id):
                stopped.append(run_id)
            else:
                self.stops.kept(run_id)
        return stopped

    def start(self) -> None:
        self._clock.start()

    def stop(self) -> None:
        self._clock.stop()
