"""A file of a run's folder that is damaged: one kind of problem, said one way for every file.

"Run 3f2a…'s weights.safetensors is damaged: it cannot be read (…). Train the design again, …",
as a damaged checkpoint is said on Continue (training/checkpoint.py).
"""

from pathlib import Path

from torchcanvas.problems import Conflict

# What the owner of a run with a damaged weights or results file can do: Continue writes both
# again when it ends, and a new run writes its own.
TRAIN_AGAIN = "Train the design again, or Continue the run from its checkpoint if it has one."


class DamagedRunFile(Conflict, ValueError):
    """A file of a run's folder that cannot be read, or does not hold what it should."""

    def __init__(self, path: Path, why: str, fix: str = TRAIN_AGAIN) -> None:
        run_id = path.parent.name  # a run's folder is named by its id (RunFolder)
        super().__init__(f"Run {run_id}'s {path.name} is damaged: {why}. {fix}")
        self.for_viewers = (
            f"The shared model's {path.name} is damaged on the server: {why}. Only its owner can "
            "mend it, by training it again: tell whoever shared the link."
        )
