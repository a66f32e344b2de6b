"""The one-click fix of a layer that takes images placed after a Flatten: move it before the
Flatten, where the samples are still images (a MaxPool2d after `flat1` said only "place it
before any Flatten", and the learner had to find how)."""

from typing import TYPE_CHECKING

from torchcanvas.design.graph import INPUT
from torchcanvas.design.schema import MoveFix

if TYPE_CHECKING:  # the walk hands itself in, and imports this module
    from torchcanvas.design.walk import Walk


def move_before_flatten(walk: "Walk", node: str, source: str) -> MoveFix | None:
    """Moves `node` onto the edge into the Flatten its input comes from, through layers of one
    input each; None where there is none (a join on the way, or no Flatten)."""
    inputs = walk.graph.inputs
    if len(inputs.get(node, [])) != 1:
        return None
    step = source
    while step != INPUT and step in walk.layers:
        if walk.layers[step].spec.type == "Flatten":
            into = inputs.get(step, [])
            if len(into) != 1:
                return None
            return MoveFix(
                label=f"Move `{node}` before `{step}`", move=node, after=into[0], before=step
            )
        before = inputs.get(step, [])
        if len(before) != 1:
            return None
        step = before[0]
    return None
