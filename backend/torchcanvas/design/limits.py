"""The server's limits on a design, checked on the meta device before any memory is allocated."""

from dataclasses import dataclass

from torchcanvas.design.schema import Design, DesignIssue, SizeEstimate

GIB = 2**30


@dataclass(frozen=True)
class DesignLimits:
    """How big a design may be on this server."""

    max_layers: int = 200
    # Checking a join costs one tensor operation per input edge (about 0.1 ms on the meta device):
    # this keeps a design's check well under a second, where 200 densely joined layers took 5 s.
    max_edges: int = 1000
    max_params: int = 50_000_000
    max_memory_bytes: int = 4 * GIB


def _gib(size: int) -> str:
    return f"{size / GIB:.1f} GiB"


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
