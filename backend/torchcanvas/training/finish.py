"""The end of a run: its weights, results and test-set score saved, then its end event."""

from typing import TYPE_CHECKING

from torchcanvas.training.best_weights import weights_said
from torchcanvas.training.events import EndEvent, RunEnd
from torchcanvas.training.held_out import evaluate_test
from torchcanvas.training.outcome import Diverged, StopReason
from torchcanvas.training.results import commonest_share, compute_results, save_results
from torchcanvas.training.weights import save_weights

if TYPE_CHECKING:  # the session is handed in, and imports this module
    from torchcanvas.training.session import TrainingSession


def finish_run(session: "TrainingSession", reason: StopReason | None) -> RunEnd:
    """Saves the weights and results (unless training failed, or it trained no step), then
    sends the end event."""
    status: RunEnd = reason.status if reason else "succeeded"
    message = reason.message if reason else None
    if status == "succeeded" and session.early.patience is not None:
        last = session.metrics
        kept = session.best.put_back(last)  # the best epoch's weights, where it was not the last
        if kept is not None:
            session.metrics, session.val_output = kept, None  # the results are of those weights
        message = weights_said(message, kept, last, session.settings.epochs)
    # Stopped before its first step, it has its starting weights only: no model to offer (its
    # model page offered Try it, downloads and share links of a network that never trained).
    trained = session.step > 0
    if status != "failed" and trained:
        save_weights(session.model, session.folder)
        results = compute_results(
            session.model,
            session.loss_fn,
            session.info,
            session.data.x_val,
            session.data.y_val,
            session.val_output,
            session.points_val,
            session.pass_rows,
        )
        if session.test is not None:  # once, on the weights the run ends with
            tested, confusion = evaluate_test(
                session.model,
                session.loss_fn,
                session.test,
                session.info,
                session.device,
                session.pass_rows,
            )
            session.metrics.test = results.test = tested
            results.test_confusion = confusion
        save_results(results, session.folder)
        session.metrics.guess_accuracy = commonest_share(results)
    session.metrics.step = session.step
    diverged = isinstance(reason, Diverged)
    session.emit(
        EndEvent(status=status, message=message, metrics=session.metrics, diverged=diverged)
    )
    return status
