"""Does the learning-rate schedule fit the run? Settings torch refuses or that would not lower the
rate, and what it does to the optimizer's own settings, said before Train."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from torchcanvas.design.param_values import Params
from torchcanvas.design.schema import DesignIssue
from torchcanvas.training.catalog import OPTIMIZERS_BY_NAME, SCHEDULERS_BY_NAME
from torchcanvas.training.settings import TrainingSettings


def known(kind: str, names: list[str]) -> AfterValidator:
    """A name that must be one of `names` (None passes): else its error lists them."""

    def check(name: str | None) -> str | None:
        if name is not None and name not in names:
            choices = ", ".join(names)
            raise PydanticCustomError(
                "unknown_name", f"unknown {kind} `{{name}}`: use one of {choices}", {"name": name}
            )
        return name

    return AfterValidator(check)


# OneCycleLR's momentum cycle when cycle_momentum is on: torch's base_momentum and max_momentum.
_CYCLE = (0.85, 0.95)


class ScheduleChoice(BaseModel):
    """The schedule a run will use, with its optimizer's settings: the editor sends it to hear,
    before Train, of a schedule that overrides them."""

    model_config = ConfigDict(extra="forbid")

    scheduler: Annotated[str | None, known("scheduler", list(SCHEDULERS_BY_NAME))] = Field(
        default=None, examples=["OneCycleLR"]
    )
    scheduler_params: Params = Field(default_factory=dict)
    optimizer_params: Params = Field(default_factory=dict)


def schedule_warnings(optimizer: str | None, choice: ScheduleChoice) -> list[DesignIssue]:
    """Hints that do not stop the run: OneCycleLR cycling away the momentum that was set."""
    spec = OPTIMIZERS_BY_NAME.get(optimizer or "")
    params: dict[str, Any] = choice.scheduler_params
    if choice.scheduler != "OneCycleLR" or spec is None or params.get("cycle_momentum") is False:
        return []
    momentum = next((p for p in spec.params if p.name == "momentum"), None)
    if momentum is None:
        return []  # Adam's beta1 (0.9) lies inside the cycle; Adagrad's is refused outright
    value = choice.optimizer_params.get("momentum", momentum.default)
    # Any JSON may come here (the run's own checks refuse a bad momentum): only a number is named.
    number = isinstance(value, int | float) and not isinstance(value, bool)
    given = f"the momentum {value:g}" if number else "the momentum"
    low, high = _CYCLE
    return [
        DesignIssue(
            field="training.scheduler_params.cycle_momentum",
            message=(
                f"OneCycleLR cycles {spec.name}'s momentum between {high} and {low}, against the "
                f"learning rate, in place of {given} set for {spec.name}: set "
                "cycle_momentum to false to keep it."
            ),
        )
    ]


# The param of each schedule that sets the lowest rate it goes to, and what the rate would do
# with it at or above lr: CosineAnnealingLR anneals towards it, ReduceLROnPlateau drops to it.
_FLOORS = {
    "CosineAnnealingLR": ("eta_min", "it anneals to", "would climb to it, or stay"),
    "ReduceLROnPlateau": ("min_lr", "it never drops below", "would never move"),
}


def scheduler_issues(training: TrainingSettings) -> list[DesignIssue]:
    """Schedule settings torch refuses or that would not lower the rate, said before the run."""
    return _floor_issues(training) + _cycle_issues(training)


def schedule_floor(training: TrainingSettings) -> tuple[str, float] | None:
    """The param of the run's schedule that sets the lowest rate it goes to, and its value;
    None without one (or a value that is not a number: the param check's to name)."""
    if training.scheduler not in _FLOORS:
        return None
    param = _FLOORS[training.scheduler][0]
    floor = training.scheduler_params.get(param, 0.0)
    if isinstance(floor, bool) or not isinstance(floor, int | float):
        return None
    return param, float(floor)


def _floor_issues(training: TrainingSettings) -> list[DesignIssue]:
    """A schedule's lowest rate at or above lr: the schedule could never lower the rate."""
    found = schedule_floor(training)
    if found is None or found[1] < training.lr or training.scheduler is None:
        return []
    param, floor = found
    what, effect = _FLOORS[training.scheduler][1:]
    return [
        DesignIssue(
            field=f"training.scheduler_params.{param}",
            message=(
                f"{training.scheduler}: {param} is the rate {what}, but {param} {floor:g} is not "
                f"below lr {training.lr:g}, so the rate {effect}: set {param} below lr "
                f"(0 by default), or raise lr above {floor:g}."
            ),
        )
    ]


def _cycle_issues(training: TrainingSettings) -> list[DesignIssue]:
    """OneCycleLR cycling the momentum of an optimizer that has none, which torch refuses."""
    params: dict[str, Any] = training.scheduler_params
    optimizer = OPTIMIZERS_BY_NAME.get(training.optimizer)
    if training.scheduler != "OneCycleLR" or optimizer is None:
        return []
    cycles = params.get("cycle_momentum", True)
    has_momentum = any(p.name == "momentum" for p in optimizer.params) or "Adam" in optimizer.name
    if not cycles or has_momentum:
        return []
    return [
        DesignIssue(
            field="training.scheduler_params.cycle_momentum",
            message=(
                f"OneCycleLR cycles the momentum, but {optimizer.name} has none: set cycle_momentum "
                f"to false, or pick {', '.join(o for o in OPTIMIZERS_BY_NAME if o != optimizer.name)}."
            ),
        )
    ]


def known_scheduler(training: TrainingSettings) -> DesignIssue | None:
    if training.scheduler is None or training.scheduler in SCHEDULERS_BY_NAME:
        return None
    return DesignIssue(
        field="training.scheduler",
        message=(
            f"Unknown scheduler `{training.scheduler}`: use one of {', '.join(SCHEDULERS_BY_NAME)}, "
            "or none for a constant learning rate."
        ),
    )
