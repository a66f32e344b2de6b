"""Validation: a design in, shapes and parameter counts or issues per node out."""

from torchcanvas.design.schema import Design, NodeInfo, ValidationResult
from torchcanvas.design.walk import walk_design


def validate_design(design: Design) -> ValidationResult:
    """Shapes, parameter counts and errors for every layer of a design."""
    walk = walk_design(design)
    nodes = {
        node: NodeInfo(output_shape=list(layer.output_shape), params=layer.params)
        for node, layer in walk.layers.items()
    }
    last = walk.graph.output
    output = walk.layers[last].output_shape if last in walk.layers and not walk.issues else None
    return ValidationResult(
        valid=not walk.issues,
        nodes=nodes,
        total_params=sum(n.params for n in nodes.values()),
        output_shape=list(output) if output is not None else None,
        errors=walk.issues,
    )
