"""The training loop: a job in, events and the run's files out (see training/session.py)."""

from collections.abc import Callable

from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import RunEnd
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.lr_range import run_range_test
from torchcanvas.training.outcome import StopReason
from torchcanvas.training.run_folder import WriteHook
from torchcanvas.training.session import Emit, TrainingSession


def train(
    job: TrainingJob,
    emit: Emit,
    should_stop: Callable[[], bool],
    pause: PauseGate | None = None,
    written: WriteHook | None = None,
) -> RunEnd:
    """Trains the job's design, emitting its events; returns how the run ended."""
    session = TrainingSession(job, emit, should_stop, pause, written)
    failed = session.load_data()
    if failed is not None:
        return failed
    session.build()
    if job.training.range_test is not None:  # a fresh copy of the design, the rate rising
        return run_range_test(session)
    session.restore()
    session.start()
    reason: StopReason | None = None
    for epoch in session.epochs():
        reason = session.run_epoch(epoch) or session.end_epoch(epoch)
        if reason is not None:
            break
    return session.finish(reason)
