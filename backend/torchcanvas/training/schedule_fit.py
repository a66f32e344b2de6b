"""What a run's learning-rate schedule does to its optimizer's own settings, said before Train."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from torchcanvas.design.param_values import Params
from torchcanvas.design.schema import DesignIssue
from torchcanvas.training.catalog import OPTIMIZERS_BY_NAME, SCHEDULERS_BY_NAME


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
