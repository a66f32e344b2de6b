"""Losses, optimizers and learning-rate schedules that a run can use, as data beside the layers.

Each kind has its own table (losses.py, optimizers.py, schedules.py, augmentations.py); this
package names them all, as the catalogue's readers ask for them.
"""

from torchcanvas.training.catalog.augmentations import (
    AUGMENTATIONS,
    AUGMENTATIONS_BY_NAME,
    AugmentationSpec,
)
from torchcanvas.training.catalog.losses import (
    LOSSES,
    LOSSES_BY_NAME,
    LossSpec,
    OutputForm,
    TargetForm,
    Task,
)
from torchcanvas.training.catalog.optimizers import (
    OPTIMIZERS,
    OPTIMIZERS_BY_NAME,
    OptimizerSpec,
    optimizer_states,
)
from torchcanvas.training.catalog.schedules import SCHEDULERS, SCHEDULERS_BY_NAME, SchedulerSpec

__all__ = [
    "AUGMENTATIONS",
    "AUGMENTATIONS_BY_NAME",
    "LOSSES",
    "LOSSES_BY_NAME",
    "OPTIMIZERS",
    "OPTIMIZERS_BY_NAME",
    "SCHEDULERS",
    "SCHEDULERS_BY_NAME",
    "AugmentationSpec",
    "LossSpec",
    "OptimizerSpec",
    "OutputForm",
    "SchedulerSpec",
    "TargetForm",
    "Task",
    "optimizer_states",
]
