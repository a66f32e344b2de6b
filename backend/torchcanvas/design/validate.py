"""Validation: a design in, shapes, parameter counts, size and issues per node out."""

import hashlib

import pydantic_core

from torchcanvas.design.estimate import estimate_size, list_parameters, sample_work
from torchcanvas.design.layer_cache import SHARED_CACHES, LayerCaches
from torchcanvas.design.limits import (
    DesignLimits,
    sample_limit_issues,
    size_limit_issues,
    structure_limit_issues,
)
from torchcanvas.design.schema import Design, NodeInfo, ValidationResult
from torchcanvas.design.walk import walk_design

DEFAULT_LIMITS = DesignLimits()


def validate_design(
    design: Design,
    batch_size: int = 1,
    optimizer_states: int = 0,
    limits: DesignLimits = DEFAULT_LIMITS,
    caches: LayerCaches | None = SHARED_CACHES,
) -> ValidationResult:
    """Shapes, parameter counts, a size estimate and errors for every layer of a design.

    A design validated before with the same settings is answered from `caches` (the editor sends
    the same design again, and several viewers open the same one); otherwise layers seen before
    with the same type, arguments and input shapes come from them.
    """
    if caches is None:
        return _validate(design, batch_size, optimizer_states, limits, None)
    settings = repr((batch_size, optimizer_states, limits)).encode()
    # NaN and ±Infinity written as themselves: the model's own JSON writes each as null, and a
    # design with p = NaN was answered with the "got inf" of one sent before with p = Infinity.
    written = pydantic_core.to_json(design.model_dump(), inf_nan_mode="constants")
    key = hashlib.sha256(written + b"\0" + settings).hexdigest()
    found = caches.results.get(key)
    if found is None:
        found = _validate(design, batch_size, optimizer_states, limits, caches)
        caches.results.put(key, found)
    # A new top level and error list, so that no caller can change the cached one's fields or
    # add to its errors (a run's check adds its settings' issues to them).
    return found.model_copy(update={"errors": list(found.errors)})


def _validate(
    design: Design,
    batch_size: int,
    optimizer_states: int,
    limits: DesignLimits,
    caches: LayerCaches | None,
) -> ValidationResult:
    too_big = structure_limit_issues(design, limits)
    if too_big:  # refused before walking anything
        return ValidationResult(
            valid=False, nodes={}, total_params=0, output_shape=None, errors=too_big
        )
    walk = walk_design(design, caches=caches, max_values=limits.max_sample_bytes // 4)
    # model_construct: the values come from the walk, already of the right types
    nodes = {
        node: NodeInfo.model_construct(
            output_shape=list(layer.output_shape), params=layer.params, macs=layer.macs
        )
        for node, layer in walk.layers.items()
    }
    errors = list(walk.issues)
    estimate = None
    last = walk.graph.output
    output = walk.layers[last].output_shape if last in walk.layers and not errors else None
    if not errors:
        estimate = estimate_size(walk, design.input_shape, batch_size, optimizer_states)
        sizes = [(node, layer.params) for node, layer in walk.layers.items()]
        errors += size_limit_issues(estimate, limits, max(sizes, key=lambda s: s[1], default=None))
        errors += sample_limit_issues(sample_work(walk, design.input_shape), limits)
    return ValidationResult.model_construct(
        valid=not errors,
        nodes=nodes,
        total_params=sum(n.params for n in nodes.values()),
        output_shape=list(output) if output is not None and not errors else None,
        errors=errors,
        parameters=list_parameters(walk, [layer.id for layer in design.layers]),
        estimate=estimate,
    )
