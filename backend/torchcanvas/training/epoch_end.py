"""The end of an epoch: the validation pass, the epoch's event, early stopping's count, the
decision-boundary maps, a small MLP's weights, and a checkpoint when one is due."""

import time
from typing import TYPE_CHECKING

from torchcanvas.training.evaluation import evaluate
from torchcanvas.training.events import EpochEvent, Metrics
from torchcanvas.training.frames import finite
from torchcanvas.training.outcome import StoppedEarly, StopReason

if TYPE_CHECKING:  # the session is handed in, and imports this module
    from torchcanvas.training.session import TrainingSession


def close_epoch(session: "TrainingSession", epoch: int) -> StopReason | None:
    """The validation pass, the epoch's event, and a checkpoint when one is due."""
    n, batch = len(session.data.x), session.settings.batch_size
    val_loss, val_accuracy, session.val_output = evaluate(
        session.model,
        session.loss_fn,
        session.data.x_val,
        session.data.y_val,
        session.classify,
        session.pass_rows,
    )
    seen = min(n, session.steps_per_epoch * batch)  # samples the epoch trained on
    train_accuracy = (
        session.epoch_right.item() / seen
        if session.classify and not session.right_unknown
        else None
    )
    session.metrics = Metrics(
        epoch=epoch,
        step=session.step,
        train_loss=finite(session.epoch_loss.item() / seen),
        val_loss=finite(val_loss),
        val_accuracy=val_accuracy,
    )
    session.schedule.after_epoch(val_loss)
    early = session.early.update(epoch, session.metrics.val_loss)
    if session.early.best_epoch == epoch:  # the lowest validation loss yet: keep its weights
        session.best.keep(session.metrics)
    maps = session.maps
    if maps and maps.due(epoch, last=bool(early) or epoch == session.settings.epochs):
        session.emit(maps.make(session.model, session.loss_fn, epoch, session.step))
    snapshots = session.epoch_weights  # a small MLP's weights, for the drawing's epoch slider
    if snapshots and snapshots.due(epoch, last=bool(early) or epoch == session.settings.epochs):
        snapshot = snapshots.make(epoch, session.step)
        if snapshot is not None:
            session.emit(snapshot)
    session.shuffled = session.shuffle.get_state()
    session.unsaved.append(
        EpochEvent(
            epoch=epoch,
            step=session.step,
            train_loss=session.metrics.train_loss,
            val_loss=session.metrics.val_loss,
            val_accuracy=val_accuracy,
            train_accuracy=train_accuracy,
            elapsed=time.monotonic() - session.started,
            lr=session.step_lr,
        )
    )
    if early or epoch == session.settings.epochs or session.checkpoints.due():
        session.checkpoint(epoch + 1, 0, 0.0)
    return StoppedEarly(early) if early else None
