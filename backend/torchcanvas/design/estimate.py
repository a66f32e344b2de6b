"""What a design costs before it is trained: its parameter tensors, memory and multiply-adds."""

import math

from torchcanvas.design.schema import ParameterInfo, SizeEstimate
from torchcanvas.design.walk import Walk

BYTES_PER_VALUE = 4  # float32


def list_parameters(walk: Walk, order: list[str]) -> list[ParameterInfo]:
    """Every learnable tensor of the layers that worked, in the design's order."""
    return [
        ParameterInfo.model_construct(
            name=f"{node}.{name}", layer=node, shape=list(shape), count=math.prod(shape)
        )
        for node in order
        if node in walk.layers
        for name, shape in walk.layers[node].tensors
    ]


def estimate_size(
    walk: Walk, input_shape: list[int], batch_size: int, optimizer_states: int
) -> SizeEstimate:
    """Memory to train one batch: parameters, their gradients and optimizer state, activations."""
    params = sum(layer.params for layer in walk.layers.values())
    values = math.prod(input_shape) + sum(
        math.prod(layer.output_shape) for layer in walk.layers.values()
    )
    parameter_bytes = params * BYTES_PER_VALUE
    activation_bytes = values * batch_size * BYTES_PER_VALUE
    optimizer_bytes = parameter_bytes * optimizer_states
    return SizeEstimate(
        batch_size=batch_size,
        parameter_bytes=parameter_bytes,
        gradient_bytes=parameter_bytes,
        optimizer_bytes=optimizer_bytes,
        activation_bytes=activation_bytes,
        total_bytes=2 * parameter_bytes + optimizer_bytes + activation_bytes,
        macs_per_sample=sum(layer.macs for layer in walk.layers.values()),
    )
