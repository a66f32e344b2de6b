"""The Ray executor: runs train on warm `TrainingWorker` actors anywhere in a Ray cluster.

Runs wait here, in order, until an actor is free. An actor past the memory a run may use is
killed, as the local pool kills its worker (runs/memory_guard.py), and replaced. The connection
lives in ray_cluster.py, the thread that keeps it and the actors in ray_dispatch.py, the actors
and the queue in ray_slots.py, a run's files and stream in ray_runs.py; this module is the
executor interface over them.
"""

import logging
import time
from pathlib import Path

from torchcanvas.runs.code_version import code_version
from torchcanvas.runs.executor import RunSink, Workers
from torchcanvas.runs.memory_guard import MemoryGuard
from torchcanvas.runs.protocol import CancelRun, Control, PauseRun, ResumeRun, SetRate, StepRun
from torchcanvas.runs.ray_cluster import RayCluster, Share
from torchcanvas.runs.ray_dispatch import RayDispatcher
from torchcanvas.runs.ray_runs import ActorRuns, RunPacker
from torchcanvas.runs.ray_slots import STARTING, RaySlots, Slot
from torchcanvas.training.events import EndEvent, Metrics
from torchcanvas.training.job import TrainingJob

log = logging.getLogger(__name__)


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
        code_version()  # of the files as imported: the workers' must be the same
        self.cluster = RayCluster(address, local_cpus)
        self.memory_limit = memory_limit  # an actor's resident bytes at most; None: no guard
        self._guard: MemoryGuard[Slot] | None = None
        self.packer = RunPacker(data_dir)
        self.slots = RaySlots()
        self.runs = ActorRuns(self.slots, self.cluster, self.packer, memory_limit)
        share = Share(cpus_per_run, gpu_per_run)
        self.dispatcher = RayDispatcher(self.slots, self.cluster, self.runs, self.packer, share)

    def start(self, sink: RunSink) -> None:
        self.runs.sink = sink
        self.dispatcher.start()
        if self.memory_limit is not None:
            self._guard = MemoryGuard(
                self.memory_limit, self.slots.busy, self._kill_for_memory, Slot.resident
            )
            self._guard.start()

    def submit(self, job: TrainingJob) -> None:
        with self.slots.lock:
            self.slots.queue.append(job)
            self.slots.lock.notify_all()

    def unavailable(self) -> str | None:
        with self.slots.lock:
            problem = self.slots.problem
            return None if problem == STARTING else problem

    def ready(self) -> bool:
        return bool(self.slots.ready())

    def workers(self) -> Workers:
        ready = self.slots.ready()
        training = sum(1 for slot in ready if slot.run_id is not None)
        cluster = self.cluster.address or "private"
        since = self.cluster.connecting_since
        # With no worker ready, the failures are executor_problem's: said once.
        note = self.dispatcher.starts.said(self.cluster.name) if ready else None
        if since is not None:
            note = f"Connecting to Ray at {self.cluster.name} for {time.monotonic() - since:.0f} s."
        elif not ready and self.slots.starting():
            note = "Training workers are starting on the cluster (10 to 20 s each, torch loaded)."
        return Workers("ray", cluster, len(ready), training, note)

    def queue_position(self, run_id: str) -> int | None:
        with self.slots.lock:
            return self.slots.queue.position(run_id)

    def queue_order(self) -> list[str]:
        with self.slots.lock:
            return self.slots.queue.order()

    def waiting(self) -> int:
        with self.slots.lock:
            return len(self.slots.queue)

    def join_turns(self, old: str, new: str) -> None:
        with self.slots.lock:
            self.slots.queue.join(old, new)

    def put_first(self, run_id: str) -> bool:
        with self.slots.lock:
            return self.slots.queue.put_first(run_id)

    def forget_dataset(self, folder: str) -> None:
        self.packer.forget_dataset(folder)

    def cancel(self, run_id: str) -> bool:
        with self.slots.lock:
            queued = self.slots.queue.remove(run_id)
        if queued is not None:
            # One going on from a checkpoint had started: its end says where it stopped.
            message = None if queued.resume else "Cancelled before it started."
            self.runs.end(run_id, EndEvent(status="cancelled", message=message, metrics=Metrics()))
            return True
        return self._tell(run_id, CancelRun(run_id))

    def pause(self, run_id: str) -> bool:
        return self._tell(run_id, PauseRun(run_id))

    def resume(self, run_id: str) -> bool:
        return self._tell(run_id, ResumeRun(run_id))

    def step(self, run_id: str) -> bool:
        return self._tell(run_id, StepRun(run_id))

    def set_rate(self, run_id: str, lr: float) -> bool:
        return self._tell(run_id, SetRate(run_id, lr))

    def shutdown(self) -> None:
        """Stops the runs at a checkpoint, then lets Ray go; nothing connects again after."""
        if self._guard is not None:
            self._guard.stop()
        self.cluster.close()  # from now on a lost cluster is not joined again, nor restarted
        running = self.slots.close()  # no run is handed out from now
        for run_id in running:  # each stops at a checkpoint, which comes back before its end
            self._tell(run_id, CancelRun(run_id))
        self.dispatcher.stop()

    def shipped_datasets(self) -> list[str]:
        """The dataset folders put into Ray's object store, each once (for tests)."""
        return self.packer.shipped()

    def worker_pids(self) -> list[int]:
        """The process ids of the ready actors (for tests that kill one)."""
        return [slot.pid() for slot in self.slots.ready()]

    def _kill_for_memory(self, slot: Slot, run_id: str, used: int) -> None:
        """The memory guard's choice: kills the actor if it still trains that run; its relay
        then fails the run."""
        with self.slots.lock:
            if slot.run_id != run_id or slot.over_memory:
                return
            # Lost from now: were its run to end before the kill lands, no other run may be
            # handed to it (and fail saying it used this memory).
            slot.over_memory, slot.lost = used, True
        log.warning("run %s used %d bytes of memory: stopping its Ray worker", run_id, used)
        slot.kill()

    def _tell(self, run_id: str, message: Control) -> bool:
        slot = self.slots.training(run_id)
        return slot is not None and slot.control(message)
