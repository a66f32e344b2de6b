"""The training loop: a job in, events and the run's files out (see training/session.py)."""

from collections.abc import Callable

from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import ProgressEvent, RunEnd, TrainingEvent
from torchcanvas.training.insight import Watch
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
    session.emit = watching_frames(emit, session.watch)
    session.restore()
    session.start()
    reason: StopReason | None = None
    for epoch in session.epochs():
        reason = session.run_epoch(epoch) or session.end_epoch(epoch)
        if reason is not None:
            break
    return session.finish(reason)


def watching_frames(emit: Emit, watch: Watch) -> Emit:
    """`emit`, which also shows each progress frame to the watch and sends the warnings it
    finds there (exploding gradients) right after the frame."""

    def emit_and_watch(event: TrainingEvent) -> None:
        emit(event)
        if isinstance(event, ProgressEvent):
            for warning in watch.frame_seen(event.step, event.loss, event.grad_norms):
                emit(warning)

    return emit_and_watch
