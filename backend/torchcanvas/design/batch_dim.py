"""A Softmax or LogSoftmax over the batch's dim: torch takes it, and it trains, but each sample's
outputs then depend on the others in its batch, and one sample alone (Try it, a deployed model)
gets 1 for every class (a review: 64 % on the moons, then "a" at 100 % for every input)."""

from torchcanvas.design.schema import Design, DesignIssue, Layer, NodeInfo, ParamFix

_OVER_A_DIM = {"Softmax", "LogSoftmax"}
_USUAL_DIM = 1  # the classes of a (N, classes) output, the channels of an image's


def needs_shapes(design: Design) -> bool:
    """Whether a layer's negative dim is the batch's or not only by its shape: worth them."""
    return any(
        layer.type in _OVER_A_DIM and isinstance(dim := layer.params.get("dim"), int) and dim < 0
        for layer in design.layers
    )


def batch_dim_hint(layer: Layer, nodes: dict[str, NodeInfo]) -> DesignIssue | None:
    """The hint for a layer normalising over dim 0, or a negative dim that is dim 0 of its
    input (known from `nodes`: its output has its input's shape)."""
    dim = layer.params.get("dim")
    if layer.type not in _OVER_A_DIM or not isinstance(dim, int) or isinstance(dim, bool):
        return None
    node = nodes.get(layer.id)
    rank = len(node.output_shape) + 1 if node is not None else None  # with the batch
    if dim != 0 and (rank is None or dim != -rank):
        return None
    return DesignIssue(
        node=layer.id,
        field="dim",
        message=(
            f"{layer.type} `{layer.id}` normalises over dim {dim}, the batch: each sample's "
            "outputs then depend on the others in its batch, and a sample on its own gets "
            f"{'0' if layer.type == 'LogSoftmax' else '1'} for every class. Use dim "
            f"{_USUAL_DIM}, counting the batch as 0."
        ),
        fix=ParamFix(
            label=f"Set dim of `{layer.id}` to {_USUAL_DIM}",
            layer=layer.id,
            param="dim",
            value=_USUAL_DIM,
        ),
    )
