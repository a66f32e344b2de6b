"""Hints on a design that trains but trains badly, each with its one-click fix: settings a
beginner tries that the tools compared with warn of, and that here only a poor run showed."""

from torchcanvas.design.batch_dim import batch_dim_hint
from torchcanvas.design.graph import resolve_graph
from torchcanvas.design.schema import Design, DesignIssue, Layer, NodeInfo, ParamFix, RemoveFix

# A dropout this high leaves the layers after it almost nothing to learn from.
HIGH_DROPOUT = 0.9
USUAL_DROPOUT = 0.5
# What each layer with a dropout drops, and the param that sets its rate.
_DROPOUTS = {
    "Dropout": ("inputs", "p"),
    "Dropout2d": ("channels", "p"),
    # Between its stacked layers: the one reading another's output sees almost none of it.
    "LSTM": ("outputs between its stacked layers", "dropout"),
    "GRU": ("outputs between its stacked layers", "dropout"),
}

# Layers that only squash the scores a network ends with: a dropout before them drops outputs still.
_SQUASHING = {"Softmax", "LogSoftmax", "Sigmoid"}


def design_hints(design: Design, nodes: dict[str, NodeInfo] | None = None) -> list[DesignIssue]:
    """What in the design is allowed but works against training; `nodes`, the validation's
    layers, where it has them (their shapes tell a negative dim that is the batch's)."""
    hints = []
    for layer in design.layers:
        said = _high_dropout(layer) or batch_dim_hint(layer, nodes or {})
        if said is not None:
            hints.append(said)
    at_end = _dropout_at_end(design)
    return [*hints, at_end] if at_end is not None else hints


def _dropout_at_end(design: Design) -> DesignIssue | None:
    """A dropout the network ends with (but for a Softmax or the like after it) zeroes some of
    its answers at each training step: the loss is taken on answers partly missing, the training
    accuracy reads far below the validation's (which sees them all), and nothing said why."""
    graph = resolve_graph(design)
    layers = {layer.id: layer for layer in design.layers}
    node = graph.output
    while node in layers and layers[node].type in _SQUASHING and len(graph.inputs[node]) == 1:
        node = graph.inputs[node][0]
    layer = layers.get(node or "")
    if layer is None or layer.type not in ("Dropout", "Dropout2d"):
        return None
    return DesignIssue(
        node=layer.id,
        message=(
            f"{layer.type} `{layer.id}` at the end zeroes some of the network's outputs at each "
            "training step: the loss is taken on answers partly missing, and the training "
            "accuracy reads far below the validation's, which sees them all. Dropout belongs "
            f"between hidden layers: remove `{layer.id}` (or move it before the last Linear)."
        ),
        fix=RemoveFix(label=f"Remove `{layer.id}`", remove=layer.id),
    )


def _high_dropout(layer: Layer) -> DesignIssue | None:
    what, field = _DROPOUTS.get(layer.type, (None, ""))
    p = layer.params.get(field)
    if what is None or not isinstance(p, int | float) or isinstance(p, bool) or p < HIGH_DROPOUT:
        return None
    return DesignIssue(
        node=layer.id,
        field=field,
        message=(
            f"{layer.type} `{layer.id}` zeroes {p:.0%} of its {what} at each step: the "
            f"layers after it see almost nothing and learn slowly. 0.2 to 0.5 is usual."
        ),
        fix=ParamFix(
            label=f"Set {field} of `{layer.id}` to {USUAL_DROPOUT}",
            layer=layer.id,
            param=field,
            value=USUAL_DROPOUT,
        ),
    )
