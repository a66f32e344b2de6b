"""The local executor: warm worker processes (runs/fork_server.py), and a queue in front of them."""

import contextlib
import logging
import threading
import time
from collections.abc import Callable

from torchcanvas.runs.executor import RunSink, Workers
from torchcanvas.runs.fair_queue import FairQueue
from torchcanvas.runs.memory_guard import MemoryGuard, resident_bytes
from torchcanvas.runs.pool_worker import (
    PoolWorker,
    death_end,
    remove_scratch,
    spawn_worker,
    stop_workers,
)
from torchcanvas.runs.protocol import (
    CancelRun,
    FromWorker,
    Logged,
    PauseRun,
    ResumeRun,
    RunDone,
    RunEvent,
    SetRate,
    StartRun,
    StepRun,
    ToWorker,
    WorkerReady,
)
from torchcanvas.runs.worker import worker_main
from torchcanvas.training.events import EndEvent, EpochEvent, Metrics, TrainingEvent
from torchcanvas.training.job import TrainingJob

log = logging.getLogger(__name__)
NO_WORKER = "No training worker could start on this server: see the server's log, then restart it."
_MAX_FAILED_STARTS = 3  # workers that die before they are ready, in a row, before giving up


class LocalPool:
    """Trains on this machine: one warm process per worker, runs beyond that wait in a queue."""

    def __init__(
        self,
        workers: int,
        threads: int,
        worker: Callable[..., None] = worker_main,
        cores: frozenset[int] | None = None,
        memory_limit: int | None = None,
    ) -> None:
        self.size, self.threads = workers, threads
        self.memory_limit = memory_limit  # a worker's resident bytes at most; None: no guard
        self._guard: MemoryGuard[int] | None = None
        self.cores = cores  # where the workers run (runs/cores.py); None: wherever they like
        self.worker = worker  # the body of each worker process
        self._lock = threading.Lock()
        self._queue = FairQueue()
        self._workers: list[PoolWorker] = []
        self._sink: RunSink | None = None
        self._closing = False
        self._failed_starts = 0

    def start(self, sink: RunSink) -> None:
        self._sink = sink
        with self._lock:
            self._workers = [self._spawn(gpu) for gpu in range(self.size)]
        if self.memory_limit is not None:
            self._guard = MemoryGuard(
                self.memory_limit, self._busy, self._kill_for_memory, resident_bytes
            )
            self._guard.start()

    def _busy(self) -> list[tuple[int, str]]:
        """The workers training a run: their process ids and runs."""
        with self._lock:
            return [(w.process.pid, w.run_id) for w in self._workers if w.run_id and w.process.pid]

    def _kill_for_memory(self, pid: int, run_id: str, used: int) -> None:
        """Kills the worker if it still trains that run; its reader then fails the run."""
        with self._lock:
            for worker in self._workers:
                if worker.process.pid == pid and worker.run_id == run_id and not worker.over_memory:
                    log.warning("run %s used %d bytes of memory: stopping its worker", run_id, used)
                    worker.over_memory = used
                    worker.process.kill()

    def _spent(self, worker: PoolWorker) -> bool:
        """Whether a worker whose run just ended holds more memory than a run may use (what its
        run left behind, or a kill by the guard as the run ended): the next run must not start
        there, or the guard would stop it for memory it never used. The caller holds the lock."""
        if worker.over_memory or self.memory_limit is None or worker.process.pid is None:
            return bool(worker.over_memory)
        used = resident_bytes(worker.process.pid)
        if used is None or used <= self.memory_limit:
            return False
        log.warning("a worker kept %d bytes of memory after its run: replacing it", used)
        worker.over_memory = used
        return True

    def _spawn(self, gpu: int) -> PoolWorker:
        return spawn_worker(gpu, self.worker, self.threads, self.cores, self._read)

    def submit(self, job: TrainingJob) -> None:
        with self._lock:
            self._queue.append(job)
            self._dispatch()

    def cancel(self, run_id: str) -> bool:
        with self._lock:
            queued = self._queue.remove(run_id)
            if queued is None:
                return self._tell(run_id, CancelRun(run_id))
        # One going on from a checkpoint had started: its end says where it stopped (recorder).
        said = None if queued.resume else "Cancelled before it started."
        cancelled = EndEvent(status="cancelled", message=said, metrics=Metrics())
        self._emit(run_id, cancelled)
        return True

    def pause(self, run_id: str) -> bool:
        """Asks the run's worker to pause before its next step; False unless it is training it."""
        with self._lock:
            return self._tell(run_id, PauseRun(run_id))

    def resume(self, run_id: str) -> bool:
        with self._lock:
            return self._tell(run_id, ResumeRun(run_id))

    def step(self, run_id: str) -> bool:
        with self._lock:
            return self._tell(run_id, StepRun(run_id))

    def set_rate(self, run_id: str, lr: float) -> bool:
        with self._lock:
            return self._tell(run_id, SetRate(run_id, lr))

    def ready(self) -> bool:
        with self._lock:
            return any(worker.ready for worker in self._workers)

    def workers(self) -> Workers:
        with self._lock:
            ready = [worker for worker in self._workers if worker.ready]
            training = sum(1 for worker in ready if worker.run_id is not None)
        return Workers("local", None, len(ready), training)

    def _tell(self, run_id: str, message: ToWorker) -> bool:
        """Sends a control to the worker training `run_id`; the caller holds the lock."""
        for worker in self._workers:
            if worker.run_id == run_id:
                with contextlib.suppress(OSError):  # a dead worker's reader fails the run
                    worker.conn.send(message)
                return True
        return False

    def worker_pids(self) -> list[int | None]:
        """The process ids of the workers (for tests that kill one)."""
        with self._lock:
            return [worker.process.pid for worker in self._workers]

    def shutdown(self) -> None:
        if self._guard is not None:
            self._guard.stop()
        with self._lock:
            self._closing = True
            workers = list(self._workers)
            starting = [worker for worker in workers if not worker.ready]
        stop_workers(workers, starting)

    def _dispatch(self) -> None:
        """Hands queued jobs to idle workers; the caller holds the lock."""
        for worker in self._workers:
            if not self._queue:
                return
            if worker.ready and worker.run_id is None and not worker.over_memory:
                job = self._queue.popleft()
                worker.run_id = job.run_id
                try:
                    worker.conn.send(StartRun(job.run_id, job))
                except OSError:  # the worker just died: its reader thread fails the run
                    return

    def unavailable(self) -> str | None:
        """Why nothing can train: workers kept dying as they started, and are not replaced."""
        return NO_WORKER if self._failed_starts >= _MAX_FAILED_STARTS else None

    def queue_position(self, run_id: str) -> int | None:
        with self._lock:
            return self._queue.position(run_id)

    def queue_order(self) -> list[str]:
        with self._lock:
            return self._queue.order()

    def waiting(self) -> int:
        with self._lock:
            return len(self._queue)

    def join_turns(self, old: str, new: str) -> None:
        with self._lock:
            self._queue.join(old, new)

    def put_first(self, run_id: str) -> bool:
        with self._lock:
            return self._queue.put_first(run_id)

    def forget_dataset(self, folder: str) -> None:
        """Nothing to do: the workers read the server's own data folder."""

    def _give_up(self) -> None:
        """Fails every queued run: no worker is left to train it."""
        with self._lock:
            queued = self._queue.drain()
        for job in queued:
            self._emit(job.run_id, EndEvent(status="failed", message=NO_WORKER, metrics=Metrics()))

    def _emit(self, run_id: str, event: TrainingEvent) -> bool:
        """Stores the event; whether it was stored."""
        assert self._sink is not None
        try:
            return self._sink.record(run_id, event)
        except Exception:  # a broken sink must not kill the reader thread
            log.exception("storing an event of run %s failed", run_id)
            return False

    def _read(self, worker: PoolWorker) -> None:
        """Relays one worker's messages until its process ends, then replaces it."""
        while True:
            try:
                message: FromWorker = worker.conn.recv()
            # TypeError: the pipe was closed as it was read (stop_workers, as the server stops):
            # CPython's recv then reads a handle of None (a CI run's thread died of it).
            except (EOFError, OSError, TypeError):
                break
            if isinstance(message, WorkerReady):
                with self._lock:
                    worker.ready = True
                    self._failed_starts = 0
                    self._dispatch()
            elif isinstance(message, RunEvent):
                stored = self._emit(message.run_id, message.event)
                if stored and isinstance(message.event, EpochEvent):  # the worker may let go
                    with self._lock:  # of the checkpoints before the one that covers it
                        # Not once stopping: stop_workers sends StopWorker outside the lock,
                        # and two sends at once could mix their bytes.
                        if not self._closing:
                            self._tell(message.run_id, Logged(message.run_id, message.event.epoch))
            elif isinstance(message, RunDone):
                with self._lock:
                    self._queue.done(message.run_id)  # its owner's turn counts from now
                    worker.run_id = None
                    if self._spent(worker):
                        worker.process.kill()  # its reader replaces it; no run was on it
                    self._dispatch()
        self._replace(worker)

    def _replace(self, worker: PoolWorker) -> None:
        """A worker died: fail its run and start a fresh worker in its place."""
        with self._lock:
            if self._closing:  # stop_workers waits for it
                return
        worker.join(5)  # beside stop_workers' own, where the pool began to stop meanwhile
        remove_scratch(worker)
        with self._lock:
            if self._closing:
                return
            run_id, worker.run_id = worker.run_id, None
            # Taken out of the dispatch: a run continued as soon as this one failed (below) was
            # handed to the dead worker, still listed until its replacement is spawned, and lost
            # there (a CI run: queued for good, with no worker).
            was_ready, worker.ready = worker.ready, False
            if run_id is not None:
                self._queue.done(run_id)
        if run_id is not None:
            self._emit(run_id, death_end(worker, self.memory_limit))
        if not was_ready:
            self._failed_starts += 1
            if self._failed_starts >= _MAX_FAILED_STARTS:
                log.error("training workers keep dying as they start; not starting another")
                self._give_up()
                return
            time.sleep(1.0)
        fresh = self._spawn(worker.gpu)
        with self._lock:
            self._workers[self._workers.index(worker)] = fresh
            self._dispatch()
