"""Hints on a design that trains but trains badly, each with its one-click fix: settings a
beginner tries that the tools compared with warn of, and that here only a poor run showed."""

from torchcanvas.design.schema import Design, DesignIssue, ParamFix

# A dropout this high leaves the layers after it almost nothing to learn from.
HIGH_DROPOUT = 0.9
USUAL_DROPOUT = 0.5
_DROPOUTS = {"Dropout": "inputs", "Dropout2d": "channels"}


def design_hints(design: Design) -> list[DesignIssue]:
    """What in the design is allowed but works against training."""
    hints = []
    for layer in design.layers:
        what = _DROPOUTS.get(layer.type)
        p = layer.params.get("p")
        if (
            what is None
            or not isinstance(p, int | float)
            or isinstance(p, bool)
            or p < HIGH_DROPOUT
        ):
            continue
        hints.append(
            DesignIssue(
                node=layer.id,
                field="p",
                message=(
                    f"{layer.type} `{layer.id}` zeroes {p:.0%} of its {what} at each step: the "
                    f"layers after it see almost nothing and learn slowly. 0.2 to 0.5 is usual."
                ),
                fix=ParamFix(
                    label=f"Set p of `{layer.id}` to {USUAL_DROPOUT}",
                    layer=layer.id,
                    param="p",
                    value=USUAL_DROPOUT,
                ),
            )
        )
    return hints
