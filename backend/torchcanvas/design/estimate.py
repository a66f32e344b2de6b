"""What a design costs before it is trained: its parameter tensors, memory and multiply-adds."""

import math
from dataclasses import dataclass

from torchcanvas.design.graph import INPUT
from torchcanvas.design.schema import ParameterInfo, SizeEstimate
from torchcanvas.design.walk import Walk

BYTES_PER_VALUE = 4  # float32
_POOL_DIMS = {"MaxPool1d": 1, "AvgPool1d": 1, "MaxPool2d": 2, "AvgPool2d": 2}


@dataclass(frozen=True)
class SampleWork:
    """What one sample costs to pass through the network, whatever the batch."""

    macs: int  # multiply-accumulates, as torch's flop counter says
    window_reads: int  # values pooling windows read: work the flop counter leaves out
    activation_bytes: int  # the input and every layer's output (what a forward pass makes)


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
    work = sample_work(walk, input_shape)
    parameter_bytes = params * BYTES_PER_VALUE
    per_sample = kept_bytes(walk, input_shape)
    activation_bytes = (work.activation_bytes if per_sample is None else per_sample) * batch_size
    optimizer_bytes = parameter_bytes * optimizer_states
    return SizeEstimate(
        batch_size=batch_size,
        parameter_bytes=parameter_bytes,
        gradient_bytes=parameter_bytes,
        optimizer_bytes=optimizer_bytes,
        activation_bytes=activation_bytes,
        total_bytes=2 * parameter_bytes + optimizer_bytes + activation_bytes,
        macs_per_sample=work.macs,
        trainable_params=params,
    )


def with_frozen(
    estimate: SizeEstimate,
    parameters: list[ParameterInfo],
    frozen: list[str],
    optimizer_states: int,
) -> SizeEstimate:
    """The estimate when the `frozen` layers do not train: they keep no gradients or state."""
    frozen_params = sum(p.count for p in parameters if p.layer in frozen)
    trainable = sum(p.count for p in parameters) - frozen_params
    gradient_bytes = trainable * BYTES_PER_VALUE
    optimizer_bytes = gradient_bytes * optimizer_states
    total = estimate.parameter_bytes + gradient_bytes + optimizer_bytes + estimate.activation_bytes
    return estimate.model_copy(
        update={
            "gradient_bytes": gradient_bytes,
            "optimizer_bytes": optimizer_bytes,
            "total_bytes": total,
            "trainable_params": trainable,
            "frozen_params": frozen_params,
        }
    )


def _window(kernel: int | list[int] | tuple[int, ...], dims: int) -> int:
    return math.prod(kernel) if isinstance(kernel, (list, tuple)) else kernel**dims


def sample_work(walk: Walk, input_shape: list[int]) -> SampleWork:
    """The work and memory of one sample through the layers that worked."""
    reads = sum(  # each output value reads its whole window
        math.prod(layer.output_shape) * _window(layer.kwargs["kernel_size"], dims)
        for layer in walk.layers.values()
        if (dims := _POOL_DIMS.get(layer.spec.type, 0))
    )
    values = math.prod(input_shape) + sum(
        math.prod(layer.output_shape) for layer in walk.layers.values()
    )
    return SampleWork(
        macs=sum(layer.macs for layer in walk.layers.values()),
        window_reads=reads,
        activation_bytes=values * BYTES_PER_VALUE,
    )


def kept_bytes(walk: Walk, input_shape: list[int]) -> int | None:
    """The bytes one sample leaves for the backward pass, as autograd keeps them: each tensor a
    layer saves counted once (a ReLU's output that the next Linear saves as its input is one
    tensor; a Flatten's output is its input's values), with MaxPool's indices and Dropout's masks.
    None when a layer's keeps were not found (a walk without MACs)."""
    same: dict[str, str] = {}  # a view's values are those of the tensor it views
    kept: set[str] = set()
    other = 0
    for node, layer in walk.layers.items():  # in the order the walk ran them
        keeps = layer.keeps
        if keeps is None:
            return None
        sources = [same.get(src, src) for src in walk.graph.inputs.get(node, [])]
        if keeps.view_of is not None:
            same[node] = sources[keeps.view_of]
        kept.update(src for src, saved in zip(sources, keeps.inputs, strict=False) if saved)
        if keeps.output:
            kept.add(same.get(node, node))
        other += keeps.other_bytes
    values = {INPUT: math.prod(input_shape)}
    values |= {node: math.prod(layer.output_shape) for node, layer in walk.layers.items()}
    return sum(values[name] for name in kept) * BYTES_PER_VALUE + other
