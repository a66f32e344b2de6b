"""The Ray executor: runs train on warm `TrainingWorker` actors anywhere in a Ray cluster.

One actor for each GPU (or each `gpu_per_run` of one), or for each `cpus_per_run` CPUs on a
cluster without GPUs; more are made as nodes join, and a lost one is replaced. Runs wait here,
in order, until an actor is free. The server's data folder stays the one place data lives: a
run's files go to the worker with its job and come back as it writes them.
"""

import logging
import math
import os
import signal
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ray
from ray.exceptions import RayError

from torchcanvas.runs.executor import RunSink
from torchcanvas.runs.protocol import (
    CancelRun,
    PauseRun,
    ResumeRun,
    RunDone,
    RunEvent,
    RunFile,
    WorkerReady,
)
from torchcanvas.runs.ray_worker import RayJob, TrainingWorker
from torchcanvas.training.data.downloads import download_folder
from torchcanvas.training.data.storage import datasets_folder
from torchcanvas.training.events import EndEvent, Metrics
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import INIT_WEIGHTS, RunFolder

log = logging.getLogger(__name__)
LOOK_EVERY = 0.5  # seconds between two looks at the cluster for new nodes and ready actors


def _resources() -> dict[str, float]:
    """The cluster's total resources (CPU, GPU, memory), over every node alive now."""
    total: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    return total


def _reach(address: str, timeout: float = 3.0) -> None:
    """Raises ConnectionError unless something listens at the cluster's address."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except (OSError, ValueError) as exc:
        raise ConnectionError(f"nothing answers there ({exc})") from None


def _session_dir() -> str | None:
    """The session folder of the private instance this process started, if it started one."""
    node = ray._private.worker._global_node  # no public API tells it
    return node.get_session_dir_path() if node is not None else None


def _end_leftovers(session_dir: str) -> None:
    """Ends what outlives ray.shutdown() of a private instance (Ray 2.60 leaves two agents).

    They are known by their log files, open in the instance's session folder.
    """
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd).startswith(session_dir) for fd in (proc / "fd").iterdir()):
                os.kill(int(proc.name), signal.SIGKILL)  # they ignore SIGTERM
        except OSError:  # gone already, or not ours to look at
            continue


@dataclass
class _Slot:
    """One actor, and the run it trains."""

    actor: Any
    started: Any  # the ref of its ready() call, until it has answered
    where: str = ""  # its device and node, once ready
    run_id: str | None = None
    lost: bool = False


@dataclass
class _Shipped:
    """A dataset put into Ray's object store, and the version of it that was put."""

    ref: Any
    version: float = field(default=0.0)


class RayExecutor:
    """Trains on a Ray cluster: joins `address`, or starts a private one on loopback."""

    def __init__(
        self,
        address: str | None,
        data_dir: Path,
        gpu_per_run: float = 1.0,
        cpus_per_run: float = 1.0,
        local_cpus: int = 1,
    ) -> None:
        self.address, self.data_dir = address, data_dir
        self.gpu_per_run, self.cpus_per_run, self.local_cpus = gpu_per_run, cpus_per_run, local_cpus
        self._lock = threading.Condition()
        self._queue: deque[TrainingJob] = deque()
        self._slots: list[_Slot] = []
        self._shipped: dict[str, _Shipped] = {}
        self._sink: RunSink | None = None
        self._problem: str | None = "Ray is still starting."
        self._closing = False

    # The executor interface.

    def start(self, sink: RunSink) -> None:
        self._sink = sink
        threading.Thread(target=self._dispatch_forever, name="ray-dispatch", daemon=True).start()

    def submit(self, job: TrainingJob) -> None:
        with self._lock:
            self._queue.append(job)
            self._lock.notify_all()

    def unavailable(self) -> str | None:
        with self._lock:
            return None if self._problem == "Ray is still starting." else self._problem

    def ready(self) -> bool:
        with self._lock:
            return any(slot.where and not slot.lost for slot in self._slots)

    def queue_position(self, run_id: str) -> int | None:
        with self._lock:
            ids = [job.run_id for job in self._queue]
        return ids.index(run_id) + 1 if run_id in ids else None

    def cancel(self, run_id: str) -> bool:
        with self._lock:
            queued = next((job for job in self._queue if job.run_id == run_id), None)
            if queued is not None:
                self._queue.remove(queued)
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
        with self._lock:
            self._closing = True
            running = [slot for slot in self._slots if slot.run_id is not None]
            self._lock.notify_all()
        for slot in running:  # each stops at a checkpoint, which comes back before its end
            if slot.run_id is not None:
                self._tell(slot.run_id, CancelRun(slot.run_id))
        with self._lock:
            self._lock.wait_for(lambda: all(s.run_id is None for s in self._slots), timeout=10)
        if ray.is_initialized():
            session = None if self.address else _session_dir()
            ray.shutdown()
            if session is not None:
                _end_leftovers(session)

    def shipped_datasets(self) -> list[str]:
        """The dataset folders put into Ray's object store, each once (for tests)."""
        return [str(Path(key).relative_to(self.data_dir)) for key in self._shipped]

    def worker_pids(self) -> list[int]:
        """The process ids of the ready actors (for tests that kill one)."""
        with self._lock:
            actors = [slot.actor for slot in self._slots if slot.where and not slot.lost]
        return [ray.get(actor.pid.remote()) for actor in actors]

    # Connecting, and keeping enough warm actors.

    def _connect(self) -> None:
        if self.address:
            _reach(self.address)  # ray.init would wait a minute or more for a missing cluster
            ray.init(address=self.address, log_to_driver=False, logging_level=logging.WARNING)
        else:  # a private instance: loopback only, no dashboard
            ray.init(
                address="local",
                num_cpus=self.local_cpus,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
                _node_ip_address="127.0.0.1",
            )

    def _capacity(self) -> int:
        """How many runs the cluster can train at once, with each run's share of a node."""
        total = _resources()
        if total.get("GPU", 0) > 0:
            return math.floor(total["GPU"] / self.gpu_per_run + 1e-9)
        return math.floor(total.get("CPU", 0) / self.cpus_per_run + 1e-9)

    def _new_actor(self) -> _Slot:
        threads = max(1, round(self.cpus_per_run))
        gpus = self.gpu_per_run if _resources().get("GPU", 0) > 0 else 0
        actor = TrainingWorker.options(  # type: ignore[attr-defined]
            num_cpus=self.cpus_per_run, num_gpus=gpus
        ).remote(threads)
        return _Slot(actor, actor.ready.remote())

    def _dispatch_forever(self) -> None:
        """Connects, then keeps the actors warm and hands queued runs to free ones."""
        while not self._closing:
            try:
                if not ray.is_initialized():
                    self._connect()
                    with self._lock:
                        self._problem = None
                self._look()
            except (RayError, ConnectionError, RuntimeError, ValueError) as exc:
                self._unreachable(exc)
            with self._lock:
                self._lock.wait(LOOK_EVERY)

    def _look(self) -> None:
        """One round: replace lost actors, add new ones, note ready ones, start queued runs."""
        with self._lock:
            self._slots = [slot for slot in self._slots if not (slot.lost and slot.run_id is None)]
            missing = self._capacity() - len(self._slots)
        fresh = [self._new_actor() for _ in range(max(0, missing))]
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

    def _unreachable(self, exc: BaseException) -> None:
        where = self.address or "the private local instance"
        problem = f"Ray is unreachable at {where}: {exc}. Check that the cluster is up."
        with self._lock:
            if problem != self._problem:
                log.error("%s", problem)
            self._problem = problem
            queued, self._queue = list(self._queue), deque()
        for job in queued:
            self._emit_end(
                job.run_id, EndEvent(status="failed", message=problem, metrics=Metrics())
            )

    # One run on one actor.

    def _start(self, slot: _Slot, job: TrainingJob) -> None:
        try:
            sent = self._package(job)
            ray.get(slot.actor.begin.remote(job.run_id))  # controls sent from now on reach it
            stream = slot.actor.run.options(num_returns="streaming").remote(sent)
        except (RayError, OSError) as exc:
            self._lost(slot, job.run_id, exc)
            return
        relay = threading.Thread(target=self._relay, args=(slot, job.run_id, stream), daemon=True)
        relay.start()

    def _package(self, job: TrainingJob) -> RayJob:
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
        return RayJob(job=job, files=files, datasets=datasets)

    def _ship(self, where: Path) -> Any:
        """The dataset folder's files in Ray's object store: put once, fetched once per node."""
        key, version = str(where), where.stat().st_mtime
        shipped = self._shipped.get(key)
        if shipped is None or shipped.version != version:
            files = {path.name: path.read_bytes() for path in where.iterdir() if path.is_file()}
            shipped = self._shipped[key] = _Shipped(ray.put(files), version)
        return shipped.ref

    def _relay(self, slot: _Slot, run_id: str, stream: Any) -> None:
        """Passes a run's events and files to the sink, in order, until it is done or lost."""
        assert self._sink is not None
        try:
            for ref in stream:
                message = ray.get(ref)
                if isinstance(message, RunEvent):
                    self._sink.record(run_id, message.event)
                elif isinstance(message, RunFile):
                    self._sink.store_file(run_id, message.name, message.data)
                elif isinstance(message, RunDone):
                    break
        except RayError as exc:
            self._lost(slot, run_id, exc)
        finally:
            with self._lock:
                slot.run_id = None
                self._lock.notify_all()

    def _lost(self, slot: _Slot, run_id: str, exc: BaseException) -> None:
        """The actor (or its node) died mid-run: the run fails and can continue; it is replaced."""
        log.warning("the Ray worker training run %s was lost: %s", run_id, exc)
        with self._lock:
            slot.lost = True
            slot.run_id = None
            self._lock.notify_all()
        message = (
            f"The Ray worker training this run was lost ({type(exc).__name__}): its process or "
            "its node stopped."
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
