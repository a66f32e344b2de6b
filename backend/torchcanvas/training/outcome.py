"""Why a run's training stopped before its last epoch, as types rather than strings."""

from dataclasses import dataclass

from torchcanvas.training.events import RunEnd


@dataclass(frozen=True)
class StoppedByUser:
    """Stop was pressed; the run ends `cancelled` with a checkpoint where it stood."""

    step: int

    status: RunEnd = "cancelled"

    @property
    def message(self) -> str:
        return f"Stopped at step {self.step}."


@dataclass(frozen=True)
class Diverged:
    """The loss stopped being a finite number; the run ends `failed`."""

    loss: float
    step: int

    status: RunEnd = "failed"

    @property
    def message(self) -> str:
        return (
            f"The loss became {self.loss} at step {self.step}: "
            "lower the learning rate, or add normalisation."
        )


@dataclass(frozen=True)
class StoppedEarly:
    """Early stopping ended the run: it succeeded, with the reason."""

    message: str

    status: RunEnd = "succeeded"


@dataclass(frozen=True)
class SaveMetFullDisk:
    """A write of the run's own (a checkpoint) met a full disk: it ends `cancelled` where its
    newest checkpoint stands, as a Stop there would, keeping the weights and results of that step.
    """

    step: int  # the newest checkpoint's, which Continue goes on from
    why: str  # the disk's state and what to do about it, said by whoever told it apart

    status: RunEnd = "cancelled"

    @property
    def message(self) -> str:
        return f"Stopped at step {self.step}. {self.why}"


StopReason = StoppedByUser | Diverged | StoppedEarly | SaveMetFullDisk
