"""The warm Ray actors, one `Slot` each with the run it trains, and the runs that wait for one.

All of it is kept under one condition, `RaySlots.lock`: the executor's calls, the dispatcher's
rounds (ray_dispatch.py) and each run's relay (ray_runs.py) change it, and the dispatcher waits
on it. A slot's calls to its actor are counted by `RayCalls` (ray_calls.py), as they come from
any thread, and the dispatcher drops the actors' handles itself before it lets Ray go.
"""

import logging
import threading
from dataclasses import dataclass
from typing import Any

import ray
from ray.exceptions import GetTimeoutError, RayActorError

from torchcanvas.runs.code_version import PACKAGE, code_version
from torchcanvas.runs.fair_queue import FairQueue
from torchcanvas.runs.protocol import Control, WorkerReady
from torchcanvas.runs.ray_calls import RayCalls
from torchcanvas.runs.ray_cluster import RAY_GONE, Share
from torchcanvas.runs.ray_starts import first_words
from torchcanvas.runs.ray_worker import TrainingWorker
from torchcanvas.training.job import TrainingJob

log = logging.getLogger(__name__)
STARTING = "Ray is still starting."
HANDED_BACK = 3  # times a run may come back from actors found lost before it fails as lost
HANDED_BACK_KEPT = 1000  # runs whose hand-backs are counted, at most


@dataclass(eq=False)  # a slot is itself: the memory guard keys by it
class Slot:
    """One actor, and the run it trains."""

    actor: Any  # its handle; None once Ray is let go (see `forget`)
    started: Any  # the ref of its ready() call, until it has answered
    calls: RayCalls  # the connection's count of calls in flight
    where: str = ""  # its device and node, once ready
    node: str = ""  # its node's id, once ready: a round drops the actors of nodes that left
    run_id: str | None = None
    lost: bool = False
    over_memory: int = 0  # the bytes it used when the memory guard killed it

    @classmethod
    def new(cls, share: Share, calls: RayCalls) -> "Slot":
        """A new actor that takes `share` of a node, starting (from the dispatcher's thread)."""
        threads = max(1, round(share.cpus))  # as config.training_threads says
        actor = TrainingWorker.options(  # type: ignore[attr-defined]
            num_cpus=share.cpus, num_gpus=share.gpus
        ).remote(threads, share.gpus)
        return cls(actor, actor.ready.remote(), calls)

    @property
    def usable(self) -> bool:
        """Ready, and not lost."""
        return bool(self.where) and not self.lost

    def mark_ready(self) -> str | None:
        """Notes where the actor that has answered its ready() call trains (None); or takes it
        as lost, and says why where the failure is its own: it failed to start (an import, its
        warm-up) or runs other code than the server's. "" where it is not: its node left as it
        started, or Ray is being let go."""
        try:
            with self.calls:
                answer: WorkerReady = ray.get(self.started)
        except ConnectionError:  # Ray is being let go
            self.lost = True
            return ""
        except RAY_GONE as exc:
            self.lost = True
            if isinstance(exc, RayActorError) and exc.actor_init_failed:
                log.warning("a training worker could not start: %s", exc)
                return first_words(exc)
            log.warning("a training worker was lost as it started: %s", exc)
            return ""
        if answer.code != code_version():  # a node's older WorkerReady has no code: ""
            self.lost = True
            self.kill()  # it holds its share of the node
            theirs = f"{answer.code}, in {answer.package}" if answer.code else "older"
            why = (
                f"{answer.device} runs other TorchCanvas code ({theirs}) than the server "
                f"({code_version()}, in {PACKAGE})"
            )
            log.warning("a training worker could not start: %s", why)
            return why
        self.where, self.node = answer.device, answer.node
        return None

    def resident(self) -> int | None:
        """The actor's resident bytes, as it reads them on its node; None if it cannot answer."""
        try:
            with self.calls:
                used: int | None = ray.get(self.actor.resident.remote(), timeout=2)
        except (*RAY_GONE, ConnectionError):  # gone, too busy to answer in time, or let go
            return None
        return used

    def kill(self) -> None:
        try:
            with self.calls:
                ray.kill(self.actor, no_restart=True)
        except (*RAY_GONE, ConnectionError) as exc:  # gone: its relay hears of that from Ray
            log.warning("could not kill a Ray worker: %s", exc)

    def control(self, message: Control) -> bool:
        """Passes a control to the actor's run: whether it took it. An actor too busy (or too
        stalled) to answer in time has the message all the same, and acts on it when it can:
        taken, as its run's events will tell; refused, a Stop read "already ended (running)"
        and a Pause "still queued", and the Stop was carried out later."""
        try:
            with self.calls:
                return bool(ray.get(self.actor.control_run.remote(message), timeout=5))
        except GetTimeoutError:
            log.warning("a Ray worker took more than 5 s to answer %s", type(message).__name__)
            return True
        except (*RAY_GONE, ConnectionError):
            return False

    def pid(self) -> int:
        with self.calls:
            pid: int = ray.get(self.actor.pid.remote(), timeout=30)
        return pid

    def forget(self) -> None:
        """Drops the actor's handle and ref, as Ray is let go: by the thread that lets it go,
        before it does, and never by whichever thread drops the slot last (ray_calls.py)."""
        self.actor = self.started = None
        self.lost = True


class RaySlots:
    """The actors, the queue of runs waiting for one, and why nothing can train, if nothing can."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.all: list[Slot] = []
        self.queue = FairQueue()
        self.problem: str | None = STARTING
        self.closing = False  # the server stops: no run is handed out from now
        self._handed_back: dict[str, int] = {}  # runs handed back (hand_back), and how often

    def ready(self) -> list[Slot]:
        with self.lock:
            return [slot for slot in self.all if slot.usable]

    def starting(self) -> bool:
        """Whether an actor is starting (made, and not yet ready nor lost)."""
        with self.lock:
            return any(not slot.where and not slot.lost for slot in self.all)

    def busy(self) -> list[tuple[Slot, str]]:
        """The actors training a run, and their runs."""
        with self.lock:
            return [(s, s.run_id) for s in self.all if s.run_id and s.usable]

    def training(self, run_id: str) -> Slot | None:
        """The actor training that run, if one is."""
        with self.lock:
            return next((s for s in self.all if s.run_id == run_id), None)

    def close(self) -> list[str]:
        """Hands out no run from now; the runs being trained."""
        with self.lock:
            self.closing = True
            self.lock.notify_all()
            return [slot.run_id for slot in self.all if slot.run_id is not None]

    def next_run(self) -> tuple[Slot, TrainingJob] | None:
        """The first queued run, handed to a free actor; None if there is no such pair."""
        with self.lock:
            free = [s for s in self.all if s.usable and s.run_id is None]
            if not free or not self.queue or self.closing:
                return None
            slot, job = free[0], self.queue.popleft()
            slot.run_id = job.run_id
            return slot, job

    def hand_back(self, slot: Slot, job: TrainingJob) -> bool:
        """The run was handed to an actor found lost before the run began on it (its node had
        just stopped, and the cluster had not yet dropped it): the actor is dropped, and the run
        waits again, first. False, changing nothing, once it has come back HANDED_BACK times, or
        as the server stops."""
        with self.lock:
            times = self._handed_back.get(job.run_id, 0) + 1
            if self.closing or times > HANDED_BACK or slot.run_id != job.run_id:
                return False
            if len(self._handed_back) >= HANDED_BACK_KEPT:  # runs that began since, long ago
                self._handed_back.clear()
            self._handed_back[job.run_id] = times
            slot.lost, slot.run_id = True, None
            self.queue.done(job.run_id)
            self.queue.append(job)
            self.queue.put_first(job.run_id)
            self.lock.notify_all()
            return True

    def release(self, slot: Slot, lost: bool = False) -> None:
        """The actor's run has ended; a lost actor is replaced by the next round."""
        with self.lock:
            slot.lost = slot.lost or lost
            if slot.run_id is not None:
                self.queue.done(slot.run_id)  # its owner's turn counts from now
            slot.run_id = None
            self.lock.notify_all()
