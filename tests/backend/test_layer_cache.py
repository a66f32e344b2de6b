"""The memoised walk gives exactly the answers of a fresh one, and an edit recomputes only its layers."""

import contextlib
import copy
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import torch
from hypothesis import given
from torch.utils.flop_counter import FlopCounterMode

from tests.backend.test_build_properties import SETTINGS, designs, graphs, wild_designs
from tests.backend.test_catalog_oracle import NODE, design_of, one_layer_cases
from torchcanvas.design.build import build_network
from torchcanvas.design.layer_cache import LayerCache, LayerCaches
from torchcanvas.design.layer_spec import LayerSpec
from torchcanvas.design.schema import Design, Layer
from torchcanvas.design.validate import validate_design

# Shared by every drawn design, so that one design's layers are looked up in another's results.
CACHES = LayerCaches(shapes=LayerCache(), macs=LayerCache())
TINY = LayerCaches(shapes=LayerCache(max_entries=3), macs=LayerCache(max_entries=3))


def assert_cached_as_fresh(design: Design) -> None:
    fresh = validate_design(design, batch_size=4, optimizer_states=2, caches=None)
    for caches in (CACHES, CACHES, TINY):  # cold or warm, and a cache that keeps evicting
        cached = validate_design(design, batch_size=4, optimizer_states=2, caches=caches)
        assert cached.model_dump() == fresh.model_dump()


@SETTINGS
@given(designs())
def test_cached_stacks_validate_as_fresh_ones(design: Design) -> None:
    assert_cached_as_fresh(design)


@SETTINGS
@given(graphs())
def test_cached_graphs_validate_as_fresh_ones(design: Design) -> None:
    assert_cached_as_fresh(design)


@SETTINGS
@given(wild_designs())
def test_cached_wild_designs_validate_as_fresh_ones(design: Design) -> None:
    assert_cached_as_fresh(design)


def conv_stack(blocks: int) -> dict[str, Any]:
    """Conv2d, BatchNorm2d, ReLU and Dropout blocks, then a classifier: 4 * blocks + 2 layers."""
    layers: list[dict[str, Any]] = []
    for b in range(blocks):
        layers += [
            {"id": f"conv{b}", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": 3}},
            {"id": f"bn{b}", "type": "BatchNorm2d"},
            {"id": f"act{b}", "type": "ReLU"},
            {"id": f"drop{b}", "type": "Dropout", "params": {"p": 0.1}},
        ]
    layers += [{"id": "flat", "type": "Flatten"}, {"id": "fc", "type": "Linear"}]
    return {"input_shape": [3, 64, 64], "layers": layers}


def edited(design: dict[str, Any], node: str, **params: Any) -> Design:
    changed = copy.deepcopy(design)
    layer = next(layer for layer in changed["layers"] if layer["id"] == node)
    layer["params"] = {**layer["params"], **params}
    return Design.model_validate(changed)


def test_an_edit_recomputes_only_the_layers_it_changes() -> None:
    caches = LayerCaches(shapes=LayerCache(), macs=LayerCache())
    base = conv_stack(20)  # 82 layers
    first = validate_design(Design.model_validate(base), caches=caches)
    assert first.valid, first.errors
    assert (caches.shapes.misses, caches.macs.misses) == (82, 21)  # convs and fc count MACs

    # A dropout's p changes that layer alone: its output shape is what it was.
    after = validate_design(edited(base, "drop7", p=0.5), caches=caches)
    assert (caches.shapes.misses, caches.macs.misses) == (83, 21)
    assert after == validate_design(edited(base, "drop7", p=0.5), caches=None)

    # Wider conv: it, the BatchNorm, ReLU and Dropout after it, and the next conv's in_channels.
    wider = edited(base, "conv5", out_channels=16)
    assert validate_design(wider, caches=caches) == validate_design(wider, caches=None)
    assert (caches.shapes.misses, caches.macs.misses) == (88, 23)

    # The same edit again, or going back: nothing new to compute.
    validate_design(wider, caches=caches)
    validate_design(Design.model_validate(base), caches=caches)
    assert (caches.shapes.misses, caches.macs.misses) == (88, 23)


def test_shapes_never_wait_for_macs() -> None:
    """Building a network needs shapes, not MACs: the flop counter does not run for it."""
    caches = LayerCaches(shapes=LayerCache(), macs=LayerCache())
    design = Design.model_validate(conv_stack(3))
    build_network(design, caches=caches)
    assert (caches.shapes.misses, caches.macs.misses) == (14, 0)
    validate_design(design, caches=caches)  # the shapes are known; only MACs are new
    assert (caches.shapes.misses, caches.macs.misses) == (14, 4)


def test_an_error_is_cached_and_named_for_each_node() -> None:
    """A layer that fails on its input fails the same way under another id, with that id."""
    caches = LayerCaches(shapes=LayerCache(), macs=LayerCache())
    too_big = {"type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 9}}
    for node in ("first", "second"):
        design = Design.model_validate(
            {"input_shape": [1, 8, 8], "layers": [{"id": node, **too_big}]}
        )
        cached = validate_design(design, caches=caches)
        assert cached == validate_design(design, caches=None)
        assert [error.node for error in cached.errors] == [node]
        assert f"Conv2d `{node}`'s kernel 9×9 is larger than its input" in cached.errors[0].message
    assert caches.shapes.misses == 1


@contextlib.contextmanager
def without_fused_recurrence() -> Iterator[None]:
    """The CPU's LSTM and GRU as matrix products: oneDNN's fused kernel is one op that the flop
    counter cannot see into (it counts 0), as the meta device's walk never meets."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "TF32 acceleration on top of oneDNN", about Intel GPUs
        with torch.backends.mkldnn.flags(enabled=False):
            yield


@pytest.mark.parametrize(("layer", "shape", "params", "hand_params"), one_layer_cases())
def test_macs_are_what_the_flop_counter_says(
    layer: LayerSpec, shape: tuple[int, ...], params: dict[str, Any], hand_params: dict[str, Any]
) -> None:
    """Each catalogue layer's MACs, counted on a real module in training mode, as validation says."""
    design = design_of(shape, [Layer(id=NODE, type=layer.type, params=params)])
    network = build_network(design, caches=None).train()
    with FlopCounterMode(display=False) as flops, without_fused_recurrence():
        network(torch.randn(3, *shape))
    result = validate_design(design, caches=None)
    assert result.nodes[NODE].macs * 3 == flops.get_total_flops() // 2  # 2 flops per MAC


def test_a_design_validated_again_is_answered_from_the_results_cache() -> None:
    """The same design and settings: the first answer, not a new walk; other settings: a new one."""
    caches = LayerCaches(shapes=LayerCache(), macs=LayerCache())
    design = Design.model_validate(conv_stack(2))
    first = validate_design(design, batch_size=8, caches=caches)
    misses = (caches.shapes.misses, caches.macs.misses, caches.nodes.misses)
    again = validate_design(Design.model_validate(conv_stack(2)), batch_size=8, caches=caches)
    assert again == first and caches.results.misses == 1
    assert (caches.shapes.misses, caches.macs.misses, caches.nodes.misses) == misses
    again.valid = False  # a caller that changes its answer does not change the cached one
    assert validate_design(design, batch_size=8, caches=caches).valid
    bigger = validate_design(design, batch_size=64, caches=caches)
    assert caches.results.misses == 2
    assert bigger == validate_design(design, batch_size=64, caches=None)


def test_a_layer_seen_under_another_id_comes_from_the_node_cache() -> None:
    """Two blocks alike on the same input: the second block's layers are found, not walked."""
    caches = LayerCaches(shapes=LayerCache(), macs=LayerCache())
    same = {"type": "Conv2d", "params": {"out_channels": 3, "kernel_size": 1}}
    design = Design.model_validate(
        {"input_shape": [3, 8, 8], "layers": [{"id": "a", **same}, {"id": "b", **same}]}
    )
    result = validate_design(design, caches=caches)
    assert result == validate_design(design, caches=None)
    assert set(result.nodes) == {"a", "b"} and caches.nodes.misses == 1
