"""The best epoch's weights, kept so a run with early stopping ends with them (Keras's
`restore_best_weights`).

The copy is taken at the end of an epoch whose validation loss is the lowest so far, on the
model's own device and into the same tensors each time: the validation pass has already read its
loss back, so copying waits for nothing, and no training step does anything more. A checkpoint
holds the copy too (training/checkpoint.py), so a run continued, or resumed after a restart, still
ends with the right epoch's weights.
"""

import torch
import torch.nn as nn

from torchcanvas.training.events import Metrics


class BestWeights:
    """A copy of the model's weights and buffers at its epoch of lowest validation loss, with
    that epoch's numbers; `on` False (no early stopping, or the setting off) keeps nothing."""

    def __init__(self, model: nn.Module, on: bool) -> None:
        self.model, self.on = model, on
        self.state: dict[str, torch.Tensor] | None = None
        self.metrics: Metrics | None = None  # the kept epoch's numbers

    @property
    def epoch(self) -> int | None:
        """The epoch whose weights are kept; None: none."""
        return self.metrics.epoch if self.metrics is not None else None

    def keep(self, metrics: Metrics) -> None:
        """Copies the weights as they are now, at the end of the improving epoch `metrics` is of."""
        if not self.on:
            return
        current = self.model.state_dict()
        if self.state is None:
            self.state = {name: tensor.detach().clone() for name, tensor in current.items()}
        else:
            kept = [self.state[name] for name in current]  # by name: a checkpoint's are by dtype
            torch._foreach_copy_(kept, list(current.values()))
        self.metrics = metrics.model_copy()  # the run goes on changing its own

    def resume(self, saved: dict[str, torch.Tensor], metrics: Metrics | None) -> None:
        """Takes the copy back from a checkpoint: its own tensors (on the CPU), or none where the
        checkpoint's model is of that epoch itself (then the model, just loaded, is copied)."""
        if not self.on or metrics is None:
            return
        if saved:
            device = next(iter(self.model.state_dict().values())).device
            self.state = {name: saved[name].to(device) for name in self.model.state_dict()}
            self.metrics = metrics
        else:
            self.keep(metrics)

    def put_back(self, last: Metrics) -> Metrics | None:
        """Loads the kept weights into the model, when they are of an earlier epoch than `last`,
        the last trained; returns the run's numbers then (the kept epoch's losses, `last`'s
        epoch and step), or None when the weights stay the last trained."""
        if self.state is None or self.metrics is None or self.metrics.epoch >= last.epoch:
            return None
        self.model.load_state_dict(self.state)
        kept = self.metrics
        return last.model_copy(
            update={
                "train_loss": kept.train_loss,
                "val_loss": kept.val_loss,
                "val_accuracy": kept.val_accuracy,
                "kept_epoch": kept.epoch,
            }
        )


def weights_said(
    stopped: str | None, kept: Metrics | None, last: Metrics, epochs: int
) -> str | None:
    """The run's end message, saying whose weights it keeps: `stopped` is early stopping's reason
    (None: the run trained all its `epochs`), `kept` the numbers after put_back."""
    if kept is not None and kept.kept_epoch is not None:
        best = f"epoch {kept.kept_epoch}'s, which had the lowest validation loss"
        if stopped is not None:
            return f"{stopped} The weights kept are {best}."
        return (
            f"Trained all {epochs} epochs. The weights kept are {best} "
            f"({_loss(kept.val_loss)}; epoch {last.epoch}'s was {_loss(last.val_loss)})."
        )
    if stopped is None:
        return None
    return f"{stopped} The weights kept are epoch {last.epoch}'s, the last trained."


def _loss(value: float | None) -> str:
    return "not a number" if value is None else f"{value:.4g}"
