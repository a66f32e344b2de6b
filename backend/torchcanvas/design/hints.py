"""Hints on a design that trains but trains badly, each with its one-click fix: settings a
beginner tries that the tools compared with warn of, and that here only a poor run showed."""

from torchcanvas.design.batch_dim import batch_dim_hint
from torchcanvas.design.schema import Design, DesignIssue, Layer, NodeInfo, ParamFix

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


def design_hints(design: Design, nodes: dict[str, NodeInfo] | None = None) -> list[DesignIssue]:
    """What in the design is allowed but works against training; `nodes`, the validation's
    layers, where it has them (their shapes tell a negative dim that is the batch's)."""
    hints = []
    for layer in design.layers:
        said = _high_dropout(layer) or batch_dim_hint(layer, nodes or {})
        if said is not None:
            hints.append(said)
    return hints


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
