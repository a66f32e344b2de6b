"""Early stopping: ends a run whose validation loss has stopped going down."""

import math
from dataclasses import asdict, dataclass


@dataclass
class EarlyStopping:
    """Counts the epochs since the best validation loss; `patience` None never stops."""

    patience: int | None
    best: float = math.inf
    best_epoch: int = 0
    bad_epochs: int = 0

    def update(self, epoch: int, val_loss: float | None) -> str | None:
        """Records an epoch's validation loss; returns why the run stops, or None to go on."""
        if val_loss is not None and val_loss < self.best:
            self.best, self.best_epoch, self.bad_epochs = val_loss, epoch, 0
            return None
        self.bad_epochs += 1
        if self.patience is None or self.bad_epochs < self.patience:
            return None
        return (
            f"Stopped early after epoch {epoch}: the validation loss has not improved for "
            f"{self.bad_epochs} epochs (best {self.best:.4g} at epoch {self.best_epoch})."
        )  # the run's end says which epoch's weights it keeps (training/best_weights.py)

    def state(self) -> dict[str, float | int]:
        """What a checkpoint keeps of it: all but the patience, which is a setting."""
        return {k: v for k, v in asdict(self).items() if k != "patience"}
