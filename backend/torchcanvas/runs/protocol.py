"""The run protocol: what the server tells a worker, and what a worker tells the server.

Server -> worker: StartRun, PauseRun, ResumeRun, StepRun, SetRate, CancelRun, Logged, StopWorker.
Worker -> server: WorkerReady, then for each run its RunEvents and, once the run is over, RunDone.
Every executor speaks it: the local pool over a pipe, the Ray executor through actor calls.
Events stay typed objects until the run service stores them; they become JSON once, there.
"""

from dataclasses import dataclass

from torchcanvas.training.events import TrainingEvent
from torchcanvas.training.job import TrainingJob


@dataclass(frozen=True)
class StartRun:
    """Train this run now; the worker has no other."""

    run_id: str
    job: TrainingJob


@dataclass(frozen=True)
class PauseRun:
    """Hold the run before its next step."""

    run_id: str


@dataclass(frozen=True)
class ResumeRun:
    """Let the paused run go on."""

    run_id: str


@dataclass(frozen=True)
class StepRun:
    """Train one batch of the paused run, then hold it again; each one asked for is trained once."""

    run_id: str


@dataclass(frozen=True)
class SetRate:
    """Train on with this learning rate from the next step (or from now, while paused)."""

    run_id: str
    lr: float


@dataclass(frozen=True)
class CancelRun:
    """Stop the run, with a checkpoint where it stands."""

    run_id: str


@dataclass(frozen=True)
class Logged:
    """The server has stored the run's epoch events through `epoch` (the local pool's workers):
    the checkpoints past it are kept until it has stored theirs (training/checkpoint.py)."""

    run_id: str
    epoch: int


@dataclass(frozen=True)
class StopWorker:
    """The server is shutting down: leave after the current run's checkpoint."""


Control = (
    PauseRun | ResumeRun | StepRun | SetRate | CancelRun
)  # what acts on the run a worker trains
ToWorker = StartRun | Control | Logged | StopWorker


@dataclass(frozen=True)
class WorkerReady:
    """The worker has torch imported and the datasets loaded, and takes runs."""

    device: str
    node: str = ""  # a Ray worker's node id (hex): gone from the cluster, the worker is too
    code: str = ""  # a Ray worker's TorchCanvas code (runs/code_version.py): the server's, or none
    package: str = ""  # where that code is on its node


@dataclass(frozen=True)
class RunEvent:
    """An event of a run, in the order the run emitted it."""

    run_id: str
    event: TrainingEvent


@dataclass(frozen=True)
class RunFile:
    """A file the run wrote into its folder, for a server that shares no disk with the worker."""

    run_id: str
    name: str  # relative to the run's folder, as RunFolder names it
    data: bytes


@dataclass(frozen=True)
class RunDone:
    """The run is over (its end event was sent); the worker takes the next one."""

    run_id: str


FromWorker = WorkerReady | RunEvent | RunFile | RunDone
