"""What one "classify many" request may hold: items, bytes, and the model's work on them all."""

from pydantic import BaseModel, Field

from torchcanvas.design.estimate import sample_work
from torchcanvas.design.schema import Design
from torchcanvas.design.walk import walk_design
from torchcanvas.problems import TooLarge
from torchcanvas.sizes import size_text


class ManyLimits(BaseModel):
    """The limits a set of samples sent to a model at once is refused past (413), in the catalogue
    so that a browser can say so before it sends one."""

    max_items: int = Field(
        default=500, description="pictures, a ZIP's images or a CSV's rows in one request"
    )
    max_bytes: int = Field(
        default=50 * 2**20, description="the files sent together, as sent (a ZIP as zipped)"
    )
    max_macs: int = Field(
        default=20_000_000_000,
        description="multiply-accumulates of the model over all the items together",
    )


MANY_LIMITS = ManyLimits()


class ManyCapacity(BaseModel):
    """What one set sent to this model may hold, so that a browser can check a set before it
    uploads one and say which limit it is over."""

    limits: ManyLimits
    work_per_item: int = Field(
        description="multiply-accumulates (with pooling's window reads) of one item through this "
        "model, as max_macs counts them"
    )
    most_items: int = Field(
        description="items one set may hold for this model: max_items, or fewer where the work "
        "limit comes first"
    )


def many_capacity(design: Design, limits: ManyLimits) -> ManyCapacity:
    work = sample_work(walk_design(design), design.input_shape)
    per_item = work.macs + work.window_reads
    return ManyCapacity(
        limits=limits,
        work_per_item=per_item,
        most_items=min(limits.max_items, _fitting(per_item, limits)),
    )


def _fitting(macs_per_item: int, limits: ManyLimits) -> int:
    """The most items whose work is within the limit (at least one: a set of one always runs)."""
    return max(1, limits.max_macs // max(macs_per_item, 1))


class TooMany(TooLarge):
    """A set of samples past one of the limits on the whole set."""


def too_many_items(count: str, limits: ManyLimits) -> TooMany:
    return TooMany(
        f"The set holds {count} items, more than the limit of {limits.max_items:,} at once: "
        "send fewer (split it into several sets)."
    )


def too_many_bytes(limits: ManyLimits) -> TooMany:
    return TooMany(
        f"The files are larger together than the limit of {size_text(limits.max_bytes)} at once: "
        "send fewer, or smaller pictures (the model sees them at its own size anyway)."
    )


def check_work(items: int, macs_per_item: int, limits: ManyLimits) -> None:
    """TooMany when `items` samples through the model would cost more than one request may."""
    if items * macs_per_item > limits.max_macs:
        raise TooMany(
            f"This model takes {macs_per_item:,} multiply-accumulates a sample: {items:,} of "
            f"them are over the {limits.max_macs:,} one request may take; send at most "
            f"{_fitting(macs_per_item, limits):,} at once."
        )
