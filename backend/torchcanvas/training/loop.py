"""The training loop: a job in, events and the run's files out (see training/session.py)."""

from collections.abc import Callable

from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import RunEnd
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.lr_range import run_range_test
from torchcanvas.training.outcome import StopReason
from torchcanvas.training.run_folder import WriteHook
from torchcanvas.training.session import Emit, TrainingSession

# Why an error of the run's stops it where its newest checkpoint stands (a write that met a full
# disk, said in the words of the server's disk), or None where it is a crash. The runs stage tells
# them apart (runs/worker.py): training knows nothing of disks.
SaveStops = Callable[[BaseException], str | None]


def train(
    job: TrainingJob,
    emit: Emit,
    should_stop: Callable[[], bool],
    pause: PauseGate | None = None,
    written: WriteHook | None = None,
    save_stops: SaveStops | None = None,
    logged: Callable[[], int] | None = None,
) -> RunEnd:
    """Trains the job's design, emitting its events; returns how the run ended. `logged`: the
    epochs whose events the server has stored, where it says (checkpoints past them are kept)."""
    session = TrainingSession(job, emit, should_stop, pause, written, logged)
    failed = session.load_data()
    if failed is not None:
        return failed
    session.build()
    if job.training.range_test is not None:  # a fresh copy of the design, the rate rising
        return run_range_test(session)
    session.restore()
    session.start()
    reason: StopReason | None = None
    try:
        for epoch in session.epochs():
            reason = session.run_epoch(epoch) or session.end_epoch(epoch)
            if reason is not None:
                break
    except Exception as exc:
        # A checkpoint that met a full disk ends the run as a Stop does, with the weights and
        # results of its newest checkpoint (none without one: the worker says so instead).
        why = save_stops(exc) if save_stops is not None else None
        reason = session.back_to_checkpoint(why) if why is not None else None
        if reason is None:
            raise
    return session.finish(reason)
