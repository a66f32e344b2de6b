"""A trained model checked against this server's limits on one sample before it runs: a model
trained before a limit was set (or lowered) still opens and downloads, and answers 422 here."""

from torchcanvas.design.estimate import sample_work
from torchcanvas.design.limits import DesignLimits, sample_overruns
from torchcanvas.design.schema import Design
from torchcanvas.design.walk import walk_design
from torchcanvas.problems import Invalid


class OverLimits(Invalid):
    """A model whose one sample takes more work or memory than this server lets a request use."""


def model_limits_overrun(design: Design, limits: DesignLimits) -> str | None:
    """Why this server will not run `design` (what is over its limits, and what its owner can
    still do), or None when one sample through it is within `limits`."""
    walk = walk_design(design)  # each layer memoised: the model's page asks again and again
    overruns = sample_overruns(sample_work(walk, design.input_shape), limits)
    if not overruns:
        return None
    return (
        f"{'; '.join(overruns)}. This model was trained under higher limits: download its "
        "weights and design to run it elsewhere, or raise the server's TORCHCANVAS_MAX_MACS "
        "and TORCHCANVAS_MAX_SAMPLE_MIB."
    )


def check_model_limits(design: Design, limits: DesignLimits) -> None:
    """Nothing when one sample through `design` is within `limits`; OverLimits saying what is
    over, and what the owner can still do, otherwise."""
    overrun = model_limits_overrun(design, limits)
    if overrun is not None:
        raise OverLimits(overrun)


def check_batch_limits(design: Design, limits: DesignLimits, samples: int, what: str) -> None:
    """Nothing when `samples` samples through `design` at once take no more work or memory than
    one request may (what the limits let one sample take); OverLimits naming `what` otherwise."""
    work = sample_work(walk_design(design), design.input_shape)
    macs = (work.macs + work.window_reads) * samples
    outputs = work.activation_bytes * samples
    if macs > limits.max_macs or outputs > limits.max_sample_bytes:
        raise OverLimits(
            f"{what} run the model on {samples:,} points at once: {macs:,} multiply-accumulates "
            f"and {outputs / 2**20:,.1f} MiB of layer outputs, over the {limits.max_macs:,} and "
            f"{limits.max_sample_bytes / 2**20:,.1f} MiB one request may use on this server: "
            "use narrower or fewer layers (neuron maps are for small models of two inputs)."
        )
