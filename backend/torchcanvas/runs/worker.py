"""A training worker: warms up once, then trains the runs it is sent, one at a time.

`RunControl` and `run_job` are shared by every executor's workers; `worker_main` is the body of a
local pool's worker process, which speaks the run protocol over a pipe.
"""

import logging
import os
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import NoReturn

from torchcanvas.runs.allocator import keep_freed_memory
from torchcanvas.runs.compile_cache import prune_in_background
from torchcanvas.runs.compile_failures import COMPILE_MET_A_FULL_DISK, compile_met_a_full_disk
from torchcanvas.runs.cores import pin_this_process
from torchcanvas.runs.protocol import (
    CancelRun,
    Control,
    FromWorker,
    Logged,
    PauseRun,
    RunDone,
    RunEvent,
    SetRate,
    StartRun,
    StepRun,
    StopWorker,
    ToWorker,
    WorkerReady,
)
from torchcanvas.runs.scratch import own_scratch, sweep
from torchcanvas.store.free_space import SAVE_MET_A_FULL_DISK, is_disk_full
from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import EndEvent, Metrics, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import WriteHook
from torchcanvas.training.warm import train_warm_run

log = logging.getLogger(__name__)
# What a run stopped where its newest checkpoint stands, its next one refused by a full disk, says.
CHECKPOINT_MET_A_FULL_DISK = f"{SAVE_MET_A_FULL_DISK} Press Continue to go on from there."


def warm_up(threads: int, gpu: int) -> str:
    """Keeps freed memory for the next step (runs/allocator.py), sets torch's threads and
    device, loads the built-in datasets and trains a small run (training/warm.py); returns the
    device's name."""
    keep_freed_memory()
    import torch

    from torchcanvas.training.data import dataset_names, find_dataset

    torch.set_num_threads(threads)
    device = "cpu"
    if torch.cuda.is_available():
        index = gpu % torch.cuda.device_count()  # one worker per GPU
        torch.cuda.set_device(index)
        torch.zeros(1, device="cuda")  # the CUDA context, before the first run needs it
        device = f"cuda:{index}"
    for name in dataset_names():
        find_dataset(name)
    sweep()  # what workers killed on this machine left (runs/scratch.py)
    prune_in_background()  # torch.compile's cache, past a week or 2 GiB (runs/compile_cache.py)
    try:  # the first call of everything a run calls, before anyone's run waits on it
        train_warm_run(own_scratch())
    except Exception:  # a real run will meet it too, and say so: the worker still serves
        traceback.print_exc()
    return device


class RunControl:
    """The stop and pause flags of the run a worker trains, the steps asked of it while
    paused, a new learning rate asked of it, and, where its server says (`acked`), the epochs
    whose events the server has stored; set from another thread."""

    def __init__(self, acked: bool = False) -> None:
        self.acked = acked
        self._logged = -1  # none yet: every checkpoint is kept until one is said
        self.stop, self.pause = threading.Event(), threading.Event()
        self.run_id: str | None = None
        self._lock = threading.Lock()
        self._steps = 0  # Steps asked while paused, not yet taken by the loop
        self._rate: float | None = None  # the latest rate asked, not yet taken by the loop
        self._wake = threading.Event()  # a paused loop's sleep ends at once on any control

    def begin(self, run_id: str) -> None:
        with self._lock:
            self.run_id = run_id
            self.stop.clear()
            self.pause.clear()
            self._steps = 0
            self._rate = None
            self._logged = -1

    def log_through(self, message: Logged) -> None:
        """The server has stored the run's epoch events through `message.epoch`."""
        with self._lock:
            if message.run_id == self.run_id:
                self._logged = max(self._logged, message.epoch)

    def logged(self) -> int:
        """The epochs of the current run whose events the server has said it stored."""
        return self._logged

    def apply(self, message: Control) -> bool:
        """Acts on a message for the current run; False when it names another (ended) run."""
        with self._lock:
            if message.run_id != self.run_id:
                return False
            if isinstance(message, CancelRun):
                self.stop.set()
            elif isinstance(message, PauseRun):
                self.pause.set()
            elif isinstance(message, StepRun):
                # Only a paused run steps: one a Resume has reached (its `resumed` yet to be
                # recorded) trains its batches anyway, and the Step is refused, not counted.
                if not self.pause.is_set():
                    return False
                self._steps += 1
            elif isinstance(message, SetRate):
                self._rate = message.lr  # a later one before the loop takes it replaces it
            else:
                self.pause.clear()
                self._steps = 0  # steps asked before the Resume are part of its going on
            self._wake.set()
            return True

    def stop_now(self) -> None:
        """The worker stops (the server shuts down): the run stops at a checkpoint at once."""
        self.stop.set()
        self._wake.set()

    def take_step(self) -> bool:
        """Takes one Step asked of the paused run, if one waits."""
        with self._lock:
            if self._steps == 0 or not self.pause.is_set():
                return False
            self._steps -= 1
            return True

    def take_rate(self) -> float | None:
        """Takes the new learning rate asked of the run, if one waits; read at every step, so
        the lock is taken only when one does."""
        if self._rate is None:
            return None
        with self._lock:
            rate, self._rate = self._rate, None
            return rate

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()  # before the gate looks at the flags again: a later wake is kept

    def gate(self) -> PauseGate:
        # Paused, the loop sleeps until any control wakes it, so Stop, Step and a new rate act
        # at once.
        return PauseGate(self.pause.is_set, self._sleep, self.take_step, self.take_rate)


def run_job(
    job: TrainingJob,
    send: Callable[[FromWorker], None],
    control: RunControl,
    written: WriteHook | None = None,
) -> None:
    """Trains one job, sending its events; a crash in training ends the run `failed`, a full
    disk stops it (Continue goes on from its last checkpoint once there is space): where its
    newest checkpoint stands, with that step's weights and results, as the disk watch's stop
    keeps them (runs/disk_watch.py), else interrupted."""
    from torchcanvas.training.loop import train

    def emit(event: TrainingEvent) -> None:
        send(RunEvent(job.run_id, event))

    told: list[BaseException] = []  # the full disk said in the log: once a run, no traceback

    def full_disk(exc: BaseException) -> bool:
        if not is_disk_full(exc):
            return False
        if exc not in told:
            log.warning("run %s stopped: a write met a full disk (%s)", job.run_id, exc)
            told.append(exc)
        return True

    def save_stops(exc: BaseException) -> str | None:
        if compile_met_a_full_disk(exc):  # the temporary folder's disk: said below
            return None
        return CHECKPOINT_MET_A_FULL_DISK if full_disk(exc) else None

    def stopped(message: str) -> None:
        emit(EndEvent(status="cancelled", metrics=Metrics(), message=message, interrupted=True))

    try:
        logged = control.logged if control.acked else None
        train(job, emit, control.stop.is_set, control.gate(), written, save_stops, logged)
    except Exception as exc:
        if compile_met_a_full_disk(exc):  # one line here too, not the compiler's output
            log.warning("run %s stopped: compiling its model met a full disk", job.run_id)
            stopped(COMPILE_MET_A_FULL_DISK)
            return
        if full_disk(exc):  # no checkpoint to stop at, or its weights met it
            stopped(SAVE_MET_A_FULL_DISK)
            return
        traceback.print_exc()
        message = f"Training failed: {type(exc).__name__}: {exc}"
        emit(EndEvent(status="failed", metrics=Metrics(), message=message))
    finally:
        if job.training.compile_model:
            _forget_compiled()


def _forget_compiled() -> None:
    """A warm worker trains every design through one Network.forward, and torch.compile keeps
    each one's graph on that code for the life of the process: past 8 (dynamo's recompile
    limit) it trained the next design uncompiled, saying nothing (a review). Each run's graph
    goes with it; the next compile of the same design is found in inductor's cache on disk."""
    import torch._dynamo

    torch._dynamo.reset()


_told_to_stop: list[int] = []  # the signal that stopped the warm-up, once one has


def _exit_warming_up(signum: int, _frame: object) -> None:
    _told_to_stop.append(signum)
    raise SystemExit(128 + signum)  # the shell's code for "ended by that signal"


def worker_main(
    conn: Connection, threads: int, gpu: int, cores: frozenset[int] | None = None
) -> None:
    """A worker process's body (runs/fork_server.py): StartRun, controls in; events, RunDone out."""
    if cores is not None:  # every thread, also those that importing torch has started
        pin_this_process(cores)
    # A pool that stops before this worker is ready terminates it (runs/pool.py): SIGTERM
    # unwinds the warm-up as an exception would, so that its temporary folder is removed.
    signal.signal(signal.SIGTERM, _exit_warming_up)
    try:
        device = warm_up(threads, gpu)
    except SystemExit as stopped:  # unwound: the warm-up's folder is removed
        _exit_at_once(stopped.code if isinstance(stopped.code, int) else 1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _told_to_stop:  # its SystemExit was raised where Python ignores one (a finaliser)
        _exit_at_once(128 + _told_to_stop[0])
    control = RunControl(acked=True)  # the pool says which epochs it stored (runs/pool.py)
    starts: queue.Queue[StartRun | None] = queue.Queue()

    def listen() -> None:  # controls act at once, while the main thread trains
        while True:
            try:
                message: ToWorker = conn.recv()
            except (EOFError, OSError):
                # The server is gone (killed: a clean stop sends StopWorker first). Nothing more
                # can be recorded, so nothing more is saved: a checkpoint written now would be
                # epochs ahead of the run's event log, whose held epochs could not be sent, and
                # Continue would skip them. The run goes on from its last recorded checkpoint.
                _exit_at_once(0)
            if isinstance(message, StartRun):
                control.begin(message.run_id)
                starts.put(message)
            elif isinstance(message, Logged):
                control.log_through(message)
            elif isinstance(message, StopWorker):
                control.stop_now()
                starts.put(None)
                return
            else:
                control.apply(message)

    threading.Thread(target=listen, name="control", daemon=True).start()
    conn.send(WorkerReady(device))
    where = f"local worker (pid {os.getpid()}, {device})"
    while (start := starts.get()) is not None:
        run_job(start.job.model_copy(update={"worker": where}), conn.send, control)
        conn.send(RunDone(start.run_id))
    _exit_at_once()


def _exit_at_once(code: int = 0) -> NoReturn:
    """Ends the worker without Python's teardown: after its last line of Python, a warm worker
    spends one to three seconds freeing some 2,900 modules (torch's, scikit-learn's) and their
    native state, and every stop of a server waited for it. Nothing is lost: its run has written
    its files (each renamed into place) and sent its events and RunDone (a pipe keeps what was
    sent after its writer exits); only the output streams hold buffered bytes."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
