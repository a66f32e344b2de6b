"""The Ray executor: runs train on warm `TrainingWorker` actors anywhere in a Ray cluster.

One actor for each GPU (or each `gpu_per_run` of one), or for each `cpus_per_run` CPUs on a
cluster without GPUs; more are made as nodes join, and a lost one is replaced. Runs wait here,
in order, until an actor is free. An actor past the memory a run may use is killed, as the local
pool kills its worker (runs/memory_guard.py), and replaced. The connection lives in ray_cluster.py, a run's files and
stream in ray_runs.py; this module keeps the actors and the queue.
"""

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ray
from ray.exceptions import ActorDiedError, RayError

from torchcanvas.runs.executor import RunSink
from torchcanvas.runs.fair_queue import FairQueue
from torchcanvas.runs.memory_guard import MemoryGuard, over_limit_message
from torchcanvas.runs.protocol import CancelRun, PauseRun, ResumeRun, WorkerReady
from torchcanvas.runs.ray_cluster import RayCluster, Share
from torchcanvas.runs.ray_runs import RunPacker, relay
from torchcanvas.runs.ray_worker import TrainingWorker
from torchcanvas.training.events import EndEvent, Metrics
from torchcanvas.training.job import TrainingJob

log = logging.getLogger(__name__)
LOOK_EVERY = 0.5  # seconds between two looks at the cluster for new nodes and ready actors
RUNS_STOP = 10.0  # seconds the runs have, as the server stops, to send their checkpoint back
STARTING = "Ray is still starting."


@dataclass(eq=False)  # a slot is itself: the memory guard keys by it
class _Slot:
    """One actor, and the run it trains."""

    actor: Any
    started: Any  # the ref of its ready() call, until it has answered
    where: str = ""  # its device and node, once ready
    run_id: str | None = None
    lost: bool = False
    over_memory: int = 0  # the bytes it used when the memory guard killed it


class RayExecutor:
    """Trains on a Ray cluster: joins `address`, or starts a private one on loopback."""

    def __init__(
        self,
        address: str | None,
        data_dir: Path,
        gpu_per_run: float = 1.0,
        cpus_per_run: float = 1.0,
        local_cpus: int = 1,
        memory_limit: int | None = None,
    ) -> None:
        self.cluster = RayCluster(address, local_cpus, on_lost=self._cluster_lost)
        self.memory_limit = memory_limit  # an actor's resident bytes at most; None: no guard
        self._guard: MemoryGuard[_Slot] | None = None
        self.packer = RunPacker(data_dir)
        self.gpu_per_run, self.cpus_per_run = gpu_per_run, cpus_per_run
        self._lock = threading.Condition()
        self._queue = FairQueue()
        self._slots: list[_Slot] = []
        self._sink: RunSink | None = None
        self._problem: str | None = STARTING
        self._closing = False
        self._dispatcher: threading.Thread | None = None

    # The executor interface.

    def start(self, sink: RunSink) -> None:
        self._sink = sink
        self._dispatcher = threading.Thread(
            target=self._dispatch_forever, name="ray-dispatch", daemon=True
        )
        self._dispatcher.start()
        if self.memory_limit is not None:
            self._guard = MemoryGuard(
                self.memory_limit, self._busy, self._kill_for_memory, self._resident
            )
            self._guard.start()

    def submit(self, job: TrainingJob) -> None:
        with self._lock:
            self._queue.append(job)
            self._lock.notify_all()

    def unavailable(self) -> str | None:
        with self._lock:
            return None if self._problem == STARTING else self._problem

    def ready(self) -> bool:
        with self._lock:
            return any(slot.where and not slot.lost for slot in self._slots)

    def queue_position(self, run_id: str) -> int | None:
        with self._lock:
            return self._queue.position(run_id)

    def waiting(self) -> int:
        with self._lock:
            return len(self._queue)

    def join_turns(self, old: str, new: str) -> None:
        with self._lock:
            self._queue.join(old, new)

    def cancel(self, run_id: str) -> bool:
        with self._lock:
            queued = self._queue.remove(run_id)
        if queued is not None:
            message = "Cancelled before it started."
            self._emit_end(run_id, EndEvent(status="cancelled", message=message, metrics=Metrics()))
            return True
        return self._tell(run_id, CancelRun(run_id))

    def pause(self, run_id: str) -> bool:
        return self._tell(run_id, PauseRun(run_id))

    def resume(self, run_id: str) -> bool:
        return self._tell(run_id, ResumeRun(run_id))

    def shutdown(self) -> None:
        """Stops the runs at a checkpoint, then lets Ray go; nothing connects again after."""
        if self._guard is not None:
            self._guard.stop()
        self.cluster.close()  # from now on a lost cluster is not joined again, nor restarted
        with self._lock:
            self._closing = True
            running = [slot.run_id for slot in self._slots if slot.run_id is not None]
            self._lock.notify_all()
        for run_id in running:  # each stops at a checkpoint, which comes back before its end
            self._tell(run_id, CancelRun(run_id))
        if self._dispatcher is None:
            self.cluster.disconnect()
            return
        self._dispatcher.join(timeout=RUNS_STOP + 30)  # it lets Ray go once the runs are back
        if self._dispatcher.is_alive():
            log.error("Ray did not let go in time: the server stops without waiting for it")

    def shipped_datasets(self) -> list[str]:
        """The dataset folders put into Ray's object store, each once (for tests)."""
        return self.packer.shipped()

    def worker_pids(self) -> list[int]:
        """The process ids of the ready actors (for tests that kill one)."""
        with self._lock:
            actors = [slot.actor for slot in self._slots if slot.where and not slot.lost]
        return [ray.get(actor.pid.remote(), timeout=30) for actor in actors]

    # The memory guard.

    def _busy(self) -> list[tuple[_Slot, str]]:
        """The actors training a run, and their runs."""
        with self._lock:
            return [(s, s.run_id) for s in self._slots if s.run_id and s.where and not s.lost]

    def _resident(self, slot: _Slot) -> int | None:
        """The actor's resident bytes, as it reads them on its node; None if it cannot answer."""
        try:
            used: int | None = ray.get(slot.actor.resident.remote(), timeout=2)
        except RayError:  # gone, or too busy to answer in time: the next look asks again
            return None
        return used

    def _kill_for_memory(self, slot: _Slot, run_id: str, used: int) -> None:
        """Kills the actor if it still trains that run; its relay then fails the run."""
        with self._lock:
            if slot.run_id != run_id or slot.over_memory:
                return
            # Lost from now: were its run to end before the kill lands, no other run may be
            # handed to it (and fail saying it used this memory).
            slot.over_memory, slot.lost = used, True
        log.warning("run %s used %d bytes of memory: stopping its Ray worker", run_id, used)
        self._kill(slot)

    def _kill(self, slot: _Slot) -> None:
        try:
            ray.kill(slot.actor, no_restart=True)
        except RayError as exc:  # already gone: its relay hears of that from Ray
            log.warning("could not kill a Ray worker: %s", exc)

    def _spent(self, slot: _Slot) -> bool:
        """Whether an actor whose run just ended holds more memory than a run may use: the next
        run must not start there, or the guard would stop it for memory it never used."""
        if self.memory_limit is None:
            return False
        used = self._resident(slot)
        if used is None or used <= self.memory_limit:
            return False
        log.warning("a Ray worker kept %d bytes of memory after its run: replacing it", used)
        return True

    # Keeping the connection, and enough warm actors.

    def _dispatch_forever(self) -> None:
        """Connects, then keeps the actors warm and hands queued runs to free ones; once the
        server is closing, lets Ray go, from this thread (see ray_cluster.py), as runs are back."""
        while not self._closing:
            try:
                if self.cluster.lost:
                    self._let_go()
                else:
                    if not self.cluster.connected():
                        self.cluster.connect()
                    self._look()
                    with (
                        self._lock
                    ):  # a round went through: the cluster is there, unless lost since
                        if not self.cluster.lost:
                            self._problem = None
            except Exception as exc:  # whatever Ray raises, the dispatcher goes on: it reconnects
                self._unreachable(
                    f"Ray is unreachable at {self.cluster.name}: {exc}. Check that the cluster is up."
                )
            with self._lock:
                self._lock.wait(LOOK_EVERY)
        with self._lock:  # told to stop by shutdown(): each ends with its checkpoint
            self._lock.wait_for(lambda: all(s.run_id is None for s in self._slots), RUNS_STOP)
        try:
            self._let_go()
        except Exception:  # the server stops all the same
            log.exception("letting Ray go failed")

    def _look(self) -> None:
        """One round: replace lost actors, add new ones, note ready ones, start queued runs."""
        nodes = self.cluster.nodes()
        share = Share(self.cpus_per_run, self.gpu_per_run if any("GPU" in n for n in nodes) else 0)
        with self._lock:
            self._slots = [slot for slot in self._slots if not (slot.lost and slot.run_id is None)]
            missing = sum(share.runs_on(node) for node in nodes) - len(self._slots)
        if missing > 0 and not self.cluster.answering():
            return  # creating an actor would hang on a GCS that just went; the watch says so
        fresh = [self._new_actor(share) for _ in range(max(0, missing))]
        with self._lock:
            self._slots.extend(fresh)
            waiting = [slot for slot in self._slots if not slot.where and not slot.lost]
        if waiting:
            done, _ = ray.wait(
                [slot.started for slot in waiting], timeout=0, num_returns=len(waiting)
            )
            for slot in waiting:
                if slot.started in done:
                    self._mark_ready(slot)
        while (start := self._next()) is not None:
            self._start(*start)

    def _new_actor(self, share: Share) -> _Slot:
        threads = max(1, round(share.cpus))
        actor = TrainingWorker.options(  # type: ignore[attr-defined]
            num_cpus=share.cpus, num_gpus=share.gpus
        ).remote(threads, share.gpus)
        return _Slot(actor, actor.ready.remote())

    def _mark_ready(self, slot: _Slot) -> None:
        try:
            answer: WorkerReady = ray.get(slot.started)
            slot.where = answer.device
        except RayError as exc:
            log.warning("a training worker could not start: %s", exc)
            slot.lost = True

    def _next(self) -> tuple[_Slot, TrainingJob] | None:
        with self._lock:
            free = [s for s in self._slots if s.where and not s.lost and s.run_id is None]
            if not free or not self._queue or self._closing:
                return None
            slot, job = free[0], self._queue.popleft()
            slot.run_id = job.run_id
            return slot, job

    def _cluster_lost(self) -> None:
        """The cluster stopped answering (said by the watching thread): its runs fail at once."""
        self._unreachable(
            f"The Ray cluster at {self.cluster.name} was lost: it stopped answering. "
            "The server joins it again once it is back."
        )
        with self._lock:
            running, self._slots = self._slots, []
            self._lock.notify_all()
        for slot in running:  # their relays may hear of it from Ray too; a run ends once
            if slot.run_id is not None:
                self._lost(slot, slot.run_id, ConnectionError("the cluster stopped answering"))

    def _let_go(self) -> None:
        """Lets Ray go after a lost cluster, so that the next round joins it again."""
        self.packer.forget()
        self.cluster.disconnect()
        with self._lock:  # actors a round made as the cluster went belong to the old session
            self._slots = []

    def _unreachable(self, problem: str) -> None:
        """Says why nothing can train, and fails the runs that wait for it."""
        with self._lock:
            if problem != self._problem:
                log.error("%s", problem)
            self._problem = problem
            # A stopping server keeps them queued: the next start queues them again.
            queued = [] if self._closing else self._queue.drain()
        for job in queued:
            self._emit_end(
                job.run_id, EndEvent(status="failed", message=problem, metrics=Metrics())
            )

    # One run on one actor.

    def _start(self, slot: _Slot, job: TrainingJob) -> None:
        try:
            sent = self.packer.pack(job)
            ray.get(slot.actor.begin.remote(job.run_id), timeout=30)  # controls reach it from now
            stream = slot.actor.run.options(num_returns="streaming").remote(sent)
        except (RayError, OSError) as exc:
            self._lost(slot, job.run_id, exc)
            return
        relay_thread = threading.Thread(
            target=self._relay, args=(slot, job.run_id, stream), daemon=True
        )
        relay_thread.start()

    def _relay(self, slot: _Slot, run_id: str, stream: Any) -> None:
        assert self._sink is not None
        try:
            relay(run_id, stream, self._sink)
            if self._spent(slot):
                with self._lock:
                    slot.lost = True  # the next round replaces it; no run is on it
                self._kill(slot)
        except RayError as exc:
            self._lost(slot, run_id, exc)
        finally:
            with self._lock:
                slot.run_id = None
                self._lock.notify_all()

    def _lost(self, slot: _Slot, run_id: str, exc: BaseException) -> None:
        """The actor, its node or the cluster went mid-run: the run fails and can continue."""
        log.warning("the Ray worker training run %s was lost: %s", run_id, exc)
        # The actors' owner is this server's driver: "owner has died" means the driver's own
        # Ray node (the head, here) went, which is the cluster gone, before its GCS port closes.
        if isinstance(exc, ActorDiedError) and "owner has died" in str(exc):
            self.cluster.lose()  # before the dispatcher calls a GCS that is about to go
        with self._lock:
            slot.lost = True
            slot.run_id = None
            self._lock.notify_all()
        if slot.over_memory and self.memory_limit is not None:
            message = over_limit_message(slot.over_memory, self.memory_limit)
            # Not interrupted: going on from its checkpoint would only take as much again.
            self._emit_end(run_id, EndEvent(status="failed", message=message, metrics=Metrics()))
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
        end = EndEvent(status="failed", message=message, metrics=Metrics(), interrupted=True)
        self._emit_end(run_id, end)

    def _tell(self, run_id: str, message: PauseRun | ResumeRun | CancelRun) -> bool:
        with self._lock:
            slot = next((s for s in self._slots if s.run_id == run_id), None)
        if slot is None:
            return False
        try:
            return bool(ray.get(slot.actor.control_run.remote(message), timeout=5))
        except RayError:
            return False

    def _emit_end(self, run_id: str, end: EndEvent) -> None:
        assert self._sink is not None
        try:
            self._sink.record(run_id, end)
        except Exception:  # a broken sink must not stop the dispatcher
            log.exception("storing the end of run %s failed", run_id)
