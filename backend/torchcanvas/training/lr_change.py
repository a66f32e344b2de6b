"""A new learning rate that a Continue, or its owner as it trained, gave a run: from where it
trains with it, and how."""

from pydantic import BaseModel, Field

from torchcanvas.training.settings import MAX_LR

LR_CHANGE_RULE = (
    "The optimizer keeps its state (momentum, Adam's moments) and only its learning rate is set; "
    "a learning-rate schedule starts over from the new rate, as at the run's start, over the "
    "epochs this Continue trains. Later Continues go on from the new rate."
)


LIVE_RATE_RULE = (
    "The run trains with it from its next step on: the optimizer keeps its state (momentum, "
    "Adam's moments), and a learning-rate schedule starts over from it over the steps left, as "
    "after a Continue with a new rate. Its script sets it at the same step."
)


class LrChange(BaseModel):
    """Where a Continue, or its owner as it trained (`live`), set a new learning rate: the run
    trains with it from this point on."""

    epoch: int = Field(ge=1, description="The first epoch trained with the new rate.")
    step: int = Field(ge=0, description="Steps done when the new rate took over.")
    lr: float = Field(gt=0, le=MAX_LR, description="The new learning rate.")
    live: bool = Field(
        default=False,
        description="Set as it trained or paused (POST /rate), not by a Continue.",
    )
