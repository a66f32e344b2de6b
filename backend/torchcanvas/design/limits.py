"""The server's limits on a design, checked on the meta device before any memory is allocated."""

from dataclasses import dataclass

from torchcanvas.design.schema import DesignIssue, SizeEstimate

GIB = 2**30


@dataclass(frozen=True)
class DesignLimits:
    """How big a design may be on this server."""

    max_layers: int = 200
    max_params: int = 50_000_000
    max_memory_bytes: int = 4 * GIB


def _gib(size: int) -> str:
    return f"{size / GIB:.1f} GiB"


def layer_limit_issue(count: int, limits: DesignLimits) -> DesignIssue | None:
    if count <= limits.max_layers:
        return None
    return DesignIssue(
        field="layers",
        message=(
            f"The design has {count:,} layers, over this server's limit of {limits.max_layers:,}: "
            "use fewer layers."
        ),
    )


def size_limit_issues(estimate: SizeEstimate, limits: DesignLimits) -> list[DesignIssue]:
    """Issues for a design whose parameters or training memory go over the limits."""
    issues = []
    params = estimate.parameter_bytes // 4
    if params > limits.max_params:
        issues.append(
            DesignIssue(
                message=(
                    f"The design has {params:,} parameters, over this server's limit of "
                    f"{limits.max_params:,}: use fewer or narrower layers."
                )
            )
        )
    if estimate.total_bytes > limits.max_memory_bytes:
        issues.append(
            DesignIssue(
                message=(
                    f"Training this design with batch size {estimate.batch_size} needs about "
                    f"{_gib(estimate.total_bytes)} (parameters, gradients, optimizer state and "
                    f"activations), over this server's limit of {_gib(limits.max_memory_bytes)}: "
                    "use a smaller batch size or a smaller network."
                )
            )
        )
    return issues
