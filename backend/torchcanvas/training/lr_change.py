"""A new learning rate that a Continue gave a run: from where it trains with it, and how."""

from pydantic import BaseModel, Field

from torchcanvas.training.settings import MAX_LR

LR_CHANGE_RULE = (
    "The optimizer keeps its state (momentum, Adam's moments) and only its learning rate is set; "
    "a learning-rate schedule starts over from the new rate, as at the run's start, over the "
    "epochs this Continue trains. Later Continues go on from the new rate."
)


class LrChange(BaseModel):
    """Where a Continue set a new learning rate: the run trains with it from this point on."""

    epoch: int = Field(ge=1, description="The first epoch trained with the new rate.")
    step: int = Field(ge=0, description="Steps done when the new rate took over.")
    lr: float = Field(gt=0, le=MAX_LR, description="The new learning rate.")
