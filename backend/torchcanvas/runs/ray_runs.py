"""One run on Ray: its job packed with the files it needs, started on an actor, and what it
streams back relayed; a run whose actor is lost fails, and says why.

The server's data folder stays the one place data lives: a run's checkpoints and init weights go
to the worker with its job, a dataset folder goes through Ray's object store (put once, fetched
once per node), and every file the run writes comes back, in order with its events.

What holds Ray's objects here is let go before Ray is (ray_calls.py): the relays are stopped and
joined, and the objects shipped are dropped by the dispatcher's thread.
"""

import logging
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ray
from ray.exceptions import ActorDiedError

from torchcanvas.runs.executor import RunSink
from torchcanvas.runs.memory_guard import over_limit_message
from torchcanvas.runs.protocol import RunDone, RunEvent, RunFile
from torchcanvas.runs.ray_cluster import RAY_GONE, RayCluster
from torchcanvas.runs.ray_slots import RaySlots, Slot
from torchcanvas.runs.ray_worker import RayJob
from torchcanvas.training.data.downloads import download_folder
from torchcanvas.training.data.storage import datasets_folder
from torchcanvas.training.events import EndEvent, Metrics
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import INIT_WEIGHTS, RunFolder

log = logging.getLogger(__name__)


@dataclass
class _Shipped:
    """A dataset put into Ray's object store, the version of it that was put, and its size."""

    ref: Any
    version: float
    size: int


# The datasets kept in Ray's object store for the next runs, the most recently trained on first:
# the newest always, the others while they all fit this. Past it, the least recent goes (Ray frees
# it once the runs that took it are done) and is put again if a run asks; kept for ever, every
# dataset ever trained on would fill the store, and Ray would spill them to its disk.
SHIPPED_KEPT = 1 << 30
DELETED_KEPT = 256  # deleted uploads each job names: about 7 KB
RELAY_WAIT = 0.2  # seconds a relay waits for its run's next message before it looks at its stop
RELAYS_END = 30.0  # seconds the relays have to end once told to (a relay waits RELAY_WAIT for Ray)


class RunPacker:
    """Packs jobs for workers that share no disk with the server."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._shipped: OrderedDict[str, _Shipped] = OrderedDict()  # the least recent first
        self.keep_bytes = SHIPPED_KEPT
        self._unshipped: list[_Shipped] = []  # deleted uploads' objects, for `drop` to let go
        # Deleted uploads' folders (`datasets/<id>`), the latest DELETED_KEPT: each job tells its
        # worker to remove its node's copies of them, which no run uses (a dataset in use cannot
        # be deleted). A node that trains nothing while more are deleted keeps the oldest.
        self._deleted: deque[str] = deque(maxlen=DELETED_KEPT)
        self._lock = threading.Lock()  # deletes come from request threads, packs from another

    def pack(self, job: TrainingJob) -> RayJob:
        """The job with the files it needs from the server's data folder."""
        folder = RunFolder(job.folder)
        files: dict[str, bytes] = {}
        if job.init_weights and folder.init_weights.is_file():
            files[INIT_WEIGHTS] = folder.init_weights.read_bytes()
        if job.resume:  # every one kept: the worker passes over a damaged newest, as here
            for _, checkpoint in folder.checkpoints():
                files[checkpoint.name] = checkpoint.read_bytes()
        datasets = {}
        name = job.training.dataset
        for where in (datasets_folder(self.data_dir) / name, download_folder(self.data_dir, name)):
            if where.is_dir():
                datasets[str(where.relative_to(self.data_dir))] = self._ship(where)
        with self._lock:
            gone = sorted(self._deleted)
        return RayJob(job=job, files=files, datasets=datasets, gone=gone)

    def _ship(self, where: Path) -> Any:
        """The dataset folder's files in Ray's object store: put once while kept (see
        SHIPPED_KEPT), fetched once per node (from the dispatcher's thread, as are the drops)."""
        key, version = str(where), where.stat().st_mtime
        with self._lock:
            shipped = self._shipped.get(key)
        if shipped is None or shipped.version != version:
            files = {path.name: path.read_bytes() for path in where.iterdir() if path.is_file()}
            shipped = _Shipped(ray.put(files), version, sum(map(len, files.values())))
        with self._lock:
            if str(where.relative_to(self.data_dir)) in self._deleted:
                return shipped.ref  # deleted as it was put: kept for this job alone
            self._shipped[key] = shipped
            self._shipped.move_to_end(key)
            kept = sum(each.size for each in self._shipped.values())
            while kept > self.keep_bytes and len(self._shipped) > 1:
                _, gone = self._shipped.popitem(last=False)
                kept -= gone.size
        return shipped.ref

    def forget_dataset(self, folder: str) -> None:
        """A deleted upload: its object in Ray's store is let go by the dispatcher's next round
        (Ray frees it once no one holds it), and the next jobs tell the workers to remove their
        nodes' copies. Not by this request's thread: Ray may be being let go."""
        with self._lock:
            shipped = self._shipped.pop(str(self.data_dir / folder), None)
            if shipped is not None:
                self._unshipped.append(shipped)
            self._deleted.append(folder)

    def drop(self) -> None:
        """Lets go the objects of deleted uploads (from the dispatcher's thread)."""
        with self._lock:
            self._unshipped.clear()

    def forget(self) -> None:
        """Drops what was shipped, as Ray is let go (from the dispatcher's thread)."""
        with self._lock:
            self._shipped.clear()
            self._unshipped.clear()

    def shipped(self) -> list[str]:
        """The dataset folders kept in Ray's object store, the least recently trained on first
        (for tests)."""
        with self._lock:
            return [str(Path(key).relative_to(self.data_dir)) for key in self._shipped]


def relay(run_id: str, stream: Any, sink: RunSink, stop: threading.Event) -> bool:
    """Passes a run's events and files to the sink, in order, until it is done (True) or
    `stop` is set (False: Ray is to be let go, and its end is the server's to record).

    Raises ray's RayError the moment the actor or its node is lost: the streaming call hears of
    the actor's death from Ray, with no poll.
    """
    while not stop.is_set():
        # Ready once its next message is in, or it has ended (next then stops), or its actor is
        # lost (the next ref's get raises): a wait with a timeout, so that `stop` is heard.
        ready, _ = ray.wait([stream], timeout=RELAY_WAIT)
        if not ready:
            continue
        try:
            ref = next(stream)
        except StopIteration:
            return True
        message = ray.get(ref)
        if isinstance(message, RunEvent):
            sink.record(run_id, message.event)
        elif isinstance(message, RunFile):
            sink.store_file(run_id, message.name, message.data)
        elif isinstance(message, RunDone):
            return True
    return False


class ActorRuns:
    """Starts runs on the actors and relays what they stream to the sink, until each ends."""

    def __init__(
        self, slots: RaySlots, cluster: RayCluster, packer: RunPacker, memory_limit: int | None
    ) -> None:
        self.slots, self.cluster, self.packer = slots, cluster, packer
        self.memory_limit = memory_limit  # an actor's resident bytes at most; None: no guard
        self.sink: RunSink | None = None  # set as the executor starts
        # The relays' threads and what tells them to stop, kept by the dispatcher's thread.
        self._relays: list[threading.Thread] = []
        self._stop = threading.Event()

    def start(self, slot: Slot, job: TrainingJob) -> None:
        """Starts the run on the actor it was handed to, and relays it from a thread of its own
        (from the dispatcher's thread)."""
        began = False
        try:
            sent = self.packer.pack(job)
            ray.get(slot.actor.begin.remote(job.run_id), timeout=30)  # controls reach it from now
            began = True
            stream = slot.actor.run.options(num_returns="streaming").remote(sent)
        except (*RAY_GONE, OSError) as exc:
            # An actor lost before the run began on it (its node stopped a moment ago): the run
            # waits again, first, for another (it failed at once, with nothing trained: a review).
            if not began and not isinstance(exc, OSError) and self.slots.hand_back(slot, job):
                log.warning("run %s waits again: its Ray worker was lost (%s)", job.run_id, exc)
                return
            self.lost(slot, job.run_id, exc)
            return
        relay_thread = threading.Thread(
            target=self._relay,
            args=(slot, job.run_id, stream, self._stop),
            name=f"ray-relay-{job.run_id}",
            daemon=True,
        )
        self._relays = [thread for thread in self._relays if thread.is_alive()]
        self._relays.append(relay_thread)
        relay_thread.start()

    def stop_relays(self) -> None:
        """Stops the relays and waits for their threads to end, and with them what they held of
        Ray's (a stream, its refs), as Ray is to be let go (from the dispatcher's thread)."""
        self._stop.set()
        deadline = time.monotonic() + RELAYS_END
        for thread in self._relays:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                log.error("%s did not stop in time: Ray is let go all the same", thread.name)
        self._relays, self._stop = [], threading.Event()  # for the next connection's runs

    def _relay(self, slot: Slot, run_id: str, stream: Any, stop: threading.Event) -> None:
        assert self.sink is not None
        try:
            if relay(run_id, stream, self.sink, stop) and self._spent(slot):
                with self.slots.lock:
                    slot.lost = True  # the next round replaces it; no run is on it
                slot.kill()
        except RAY_GONE as exc:
            self.lost(slot, run_id, exc)
        finally:
            self.slots.release(slot)

    def _spent(self, slot: Slot) -> bool:
        """Whether an actor whose run just ended holds more memory than a run may use: the next
        run must not start there, or the guard would stop it for memory it never used."""
        if self.memory_limit is None:
            return False
        used = slot.resident()
        if used is None or used <= self.memory_limit:
            return False
        log.warning("a Ray worker kept %d bytes of memory after its run: replacing it", used)
        return True

    def lost(self, slot: Slot, run_id: str, exc: BaseException) -> None:
        """The actor, its node or the cluster went mid-run: the run fails and can continue."""
        log.warning("the Ray worker training run %s was lost: %s", run_id, exc)
        # The actors' owner is this server's driver: "owner has died" means the driver's own
        # Ray node (the head, here) went, which is the cluster gone, before its GCS port closes.
        if isinstance(exc, ActorDiedError) and "owner has died" in str(exc):
            self.cluster.lose()  # before the dispatcher calls a GCS that is about to go
        self.slots.release(slot, lost=True)
        if slot.over_memory and self.memory_limit is not None:
            message = over_limit_message(slot.over_memory, self.memory_limit)
            # Not interrupted: going on from its checkpoint would only take as much again.
            self.end(run_id, EndEvent(status="failed", message=message, metrics=Metrics()))
            return
        if isinstance(exc, ConnectionError) or self.cluster.lost or not self.cluster.answering():
            message = (
                f"The Ray cluster at {self.cluster.name} was lost while this run trained: "
                "its head stopped or cannot be reached."
            )
        else:
            message = (
                f"The Ray worker training this run was lost ({type(exc).__name__}): its process "
                "or its node stopped."
            )
        self.end(
            run_id, EndEvent(status="failed", message=message, metrics=Metrics(), interrupted=True)
        )

    def end(self, run_id: str, end: EndEvent) -> None:
        """Stores the run's last event, which a run that never reached an actor has from here."""
        assert self.sink is not None
        try:
            self.sink.record(run_id, end)
        except Exception:  # a broken sink must not stop the dispatcher
            log.exception("storing the end of run %s failed", run_id)
