"""The server's limits on a design, checked on the meta device before any memory is allocated."""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from torchcanvas.design.schema import Design, DesignIssue, SizeEstimate

if TYPE_CHECKING:  # the server's settings read these limits before it imports torch
    from torchcanvas.design.estimate import SampleWork

GIB = 2**30
MIB = 2**20


@dataclass(frozen=True)
class DesignLimits:
    """How big a design may be on this server."""

    max_layers: int = 200
    # Checking a join costs one tensor operation per input edge (about 0.1 ms on the meta device):
    # this keeps a design's check well under a second, where 200 densely joined layers took 5 s.
    max_edges: int = 1000
    max_params: int = 50_000_000
    max_memory_bytes: int = 4 * GIB
    # One sample through the network, as a prediction runs it in the API process: the MACs (and
    # pooling windows' reads) bound its arithmetic, the bytes its elementwise work and memory, to
    # a few seconds of a CPU slot at most (bench/predict_cost.py). ResNet-50 on 128x128 pictures,
    # the largest an upload makes, takes 1.3 G MACs and 45 MiB; VGG-16 there 5.1 G (refused).
    max_macs: int = 2_000_000_000
    max_sample_bytes: int = 128 * MIB


def _over(size: int, limit: int, unit: int, decimals: int) -> tuple[str, str]:
    """A size over a limit, and the limit, in GiB or MiB with as many decimals as tell them
    apart: a design just over its limit must not read "4.0 GiB, over the limit of 4.0 GiB"."""
    name = "GiB" if unit == GIB else "MiB"
    for places in range(decimals, decimals + 4):
        said = f"{size / unit:,.{places}f} {name}", f"{limit / unit:,.{places}f} {name}"
        if said[0] != said[1]:
            return said
    return f"{size:,} bytes", f"{limit:,} bytes"


def structure_limit_issues(design: Design, limits: DesignLimits) -> list[DesignIssue]:
    """Issues for a design with more layers or edges than the server checks; found before any
    layer is walked, so such a design costs next to nothing to refuse."""
    issues = []
    count = len(design.layers)
    if count > limits.max_layers:
        issues.append(
            DesignIssue(
                field="layers",
                message=(
                    f"The design has {count:,} layers, over this server's limit of "
                    f"{limits.max_layers:,}: use fewer layers."
                ),
            )
        )
    values = math.prod(design.input_shape)  # one input sample, before any layer makes more
    if values * 4 > limits.max_sample_bytes:
        shape = ", ".join(str(d) for d in design.input_shape)
        most = limits.max_sample_bytes // 4
        issues.append(
            DesignIssue(
                field="input_shape",
                message=(
                    f"The input_shape ({shape}) is {values:,} values a sample, over this "
                    f"server's limit of {most:,}: give the shape of one sample of the "
                    "dataset, such as [1, 28, 28]."
                ),
            )
        )
    edges = len(design.edges or [])
    if edges > limits.max_edges:
        issues.append(
            DesignIssue(
                field="edges",
                message=(
                    f"The design has {edges:,} edges, over this server's limit of "
                    f"{limits.max_edges:,}: join fewer layers into each Add or Concat, "
                    "or use fewer layers."
                ),
            )
        )
    return issues


def size_limit_issues(
    estimate: SizeEstimate, limits: DesignLimits, largest: tuple[str, int] | None = None
) -> list[DesignIssue]:
    """Issues for a design whose parameters or training memory go over the limits; `largest`,
    the layer with the most parameters and their count, is named (and marked) as the one to
    shrink first where it holds most of them."""
    issues = []
    params = estimate.parameter_bytes // 4
    if params > limits.max_params:
        message = (
            f"The design has {params:,} parameters, over this server's limit of "
            f"{limits.max_params:,}: use fewer or narrower layers."
        )
        node = None
        if largest is not None and largest[1] * 2 > params:  # one layer holds most of them
            node = largest[0]
            message = message.replace(
                ": use fewer",
                f"; {node} alone holds {largest[1]:,} of them: make it narrower, or use fewer",
            )
        issues.append(DesignIssue(node=node, message=message))
    memory = memory_issue(estimate, limits)
    return issues + ([memory] if memory is not None else [])


def memory_issue(
    estimate: SizeEstimate, limits: DesignLimits, batch_said: str | None = None
) -> DesignIssue | None:
    """The refusal of a design whose training needs more memory than the limit, or None;
    `batch_said` tells the batch in other words than "batch size N" (a run's check says why a
    batch holds fewer samples than its batch_size)."""
    if estimate.total_bytes <= limits.max_memory_bytes:
        return None
    needs, limit = _over(estimate.total_bytes, limits.max_memory_bytes, GIB, 1)
    batch = batch_said or f"batch size {estimate.batch_size}"
    return DesignIssue(
        message=(
            f"Training this design with {batch} needs about {needs} (parameters, gradients, "
            f"optimizer state and activations), over this server's limit of {limit}: "
            "use a smaller batch size or a smaller network."
        )
    )


def sample_overruns(work: "SampleWork", limits: DesignLimits) -> list[str]:
    """What one sample of a design takes past the limits (what a prediction costs, whatever the
    batch size), each said as a fact without the fix."""
    overruns = []
    macs = work.macs + work.window_reads
    if macs > limits.max_macs:
        counted = " (a pooling window's reads counted as one each)" if work.window_reads else ""
        overruns.append(
            f"One sample takes {macs:,} multiply-accumulates through this design{counted}, "
            f"over this server's limit of {limits.max_macs:,}"
        )
    if work.activation_bytes > limits.max_sample_bytes:
        takes, limit = _over(work.activation_bytes, limits.max_sample_bytes, MIB, 0)
        overruns.append(
            f"The layers' outputs for one sample take {takes}, over this server's limit of {limit}"
        )
    return overruns


_SHRINK = ": use smaller feature maps (a stride or a pooling earlier), narrower layers or smaller kernels."


def sample_limit_issues(work: "SampleWork", limits: DesignLimits) -> list[DesignIssue]:
    """Issues for a design whose one sample takes more work or memory than the limits."""
    return [DesignIssue(message=overrun + _SHRINK) for overrun in sample_overruns(work, limits)]


def too_many_values(label: str, node: str, shape: tuple[int, ...], max_values: int) -> DesignIssue:
    """The issue of a layer whose output alone is more than one sample's layer outputs may take."""
    values = math.prod(shape)
    takes, limit = _over(values * 4, max_values * 4, MIB, 0)
    return DesignIssue(
        node=node,
        message=(
            f"{label} gives {values:,} values a sample ({takes}), over this server's limit of "
            f"{limit} for all of one sample's layer outputs{_SHRINK}"
        ),
    )
