"""Property tests: validation never raises, and what it says valid builds and runs as it said."""

from typing import Any

import torch
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from torchcanvas.design.build import build_network
from torchcanvas.design.catalog import LAYERS, LAYERS_BY_TYPE
from torchcanvas.design.layer_spec import LayerSpec, ParamSpec
from torchcanvas.design.modules import CUSTOM_MODULES, module_class
from torchcanvas.design.recurrent import RECURRENT_MODULES as RECURRENT
from torchcanvas.design.schema import Design, ValidationResult
from torchcanvas.design.validate import validate_design

SINGLE_INPUT = [layer for layer in LAYERS if not layer.joins]
JOINS = [layer for layer in LAYERS if layer.joins]
# Small sizes keep each example fast; the meta-device walk does not care about size anyway.
CAPS = {"kernel_size": 4, "stride": 3, "padding": 2, "output_size": 4}
DEFAULT_CAP = 8  # channels, features and any other whole number
# The sample ranks each input kind takes, written here rather than read from the walker.
RANKS = {"flat": {1}, "image": {3}, "sequence": {2}, "flat_or_sequence": {1, 2}, "any": {1, 2, 3}}

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def whole_numbers(spec: ParamSpec) -> st.SearchStrategy[int]:
    low = int(spec.min if spec.min is not None else 0)
    high = min(
        int(spec.max if spec.max is not None else low + DEFAULT_CAP),
        CAPS.get(spec.name, DEFAULT_CAP),
    )
    return st.integers(low, max(low, high))


def param_values(spec: ParamSpec) -> st.SearchStrategy[Any]:
    """Values that the ParamSpec allows, kept small."""
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices or [spec.default])
    if spec.kind == "float":
        return st.floats(spec.min, spec.max, allow_nan=False)
    values = whole_numbers(spec)
    if spec.kind == "int_list":
        return st.lists(st.integers(1, 4), min_size=1, max_size=3)
    if spec.kind == "int" and spec.default is None:
        return st.one_of(st.none(), values)
    if spec.kind == "int_or_pair":
        values = st.one_of(values, st.lists(values, min_size=2, max_size=2))
        if spec.default is None:
            values = st.one_of(st.none(), values)
    return values


@st.composite
def layer_params(draw: st.DrawFn, layer: LayerSpec) -> dict[str, Any]:
    """Some of the layer's params, each left out (default) or set to an allowed value."""
    return {spec.name: draw(param_values(spec)) for spec in layer.params if draw(st.booleans())}


@st.composite
def designs(draw: st.DrawFn) -> Design:
    """A stack of 1–5 catalogue layers, each usually one that takes the rank it is given."""
    shape = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))
    rank = len(shape)
    layers = []
    for index in range(draw(st.integers(1, 5))):
        fitting = [layer for layer in SINGLE_INPUT if rank in RANKS[layer.input]]
        # mostly a layer that fits the rank, now and then any layer at all
        pool = fitting if draw(st.integers(0, 9)) > 0 else LAYERS
        layer = draw(st.sampled_from(pool))
        layers.append({"id": f"l{index}", "type": layer.type, "params": draw(layer_params(layer))})
        rank = 1 if layer.type == "Flatten" else rank
    return Design.model_validate({"name": "drawn", "input_shape": shape, "layers": layers})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 70000)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=4,
)


@st.composite
def wild_designs(draw: st.DrawFn) -> Design:
    """Anything the schema lets through: unknown types, stray params, odd ids and values."""
    types = st.sampled_from([layer.type for layer in LAYERS]) | st.text(min_size=1, max_size=8)
    names = st.sampled_from(sorted({p.name for layer in LAYERS for p in layer.params})) | st.text(
        max_size=6
    )
    layers = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["a", "b", "conv1", "training", "1x", "input"])
                    | st.text(min_size=1, max_size=6),
                    "type": types,
                    "params": st.dictionaries(names, json_values, max_size=3),
                }
            ),
            max_size=4,
        )
    )
    shape = draw(st.lists(st.integers(-1, 12), min_size=1, max_size=4))
    return Design.model_validate({"input_shape": shape, "layers": layers})


def assert_well_formed(design: Design, result: ValidationResult) -> None:
    assert result.valid == (result.errors == [])
    ids = {layer.id for layer in design.layers}
    for error in result.errors:
        assert error.message.strip(), error
        assert error.node is None or error.node in ids, error
    assert set(result.nodes) <= ids
    assert result.total_params == sum(info.params for info in result.nodes.values())


@SETTINGS
@given(wild_designs())
def test_validation_never_raises(design: Design) -> None:
    result = validate_design(design)
    event("valid" if result.valid else "invalid")
    assert_well_formed(design, result)


@SETTINGS
@given(designs())
def test_a_valid_design_runs_as_validation_said(design: Design) -> None:
    result = validate_design(design)
    event("valid" if result.valid else "invalid")
    assert_well_formed(design, result)
    if not result.valid:
        return
    assert list(result.nodes) == [layer.id for layer in design.layers]

    network = build_network(design)
    assert [name for name, _ in network.named_children()] == list(result.nodes)
    for train in (True, False):
        network.train(train)
        x = torch.randn(2, *design.input_shape)
        with torch.no_grad():
            for name, module in network.named_children():
                x = module(x)
                info = result.nodes[name]
                assert list(x.shape) == [2, *info.output_shape], name  # (B, *sample)
                assert sum(p.numel() for p in module.parameters()) == info.params, name
    assert result.output_shape == list(x.shape[1:])
    assert result.total_params == sum(p.numel() for p in network.parameters())


def test_catalogue_types_are_torch_modules() -> None:
    """Every catalogue type is a module in torch.nn, one of the joins that torch.nn lacks, or
    torch.nn's recurrent layer of that name made to read (C, L)."""
    for name in LAYERS_BY_TYPE:
        cls = module_class(name)
        assert issubclass(cls, torch.nn.Module), name
        assert cls is getattr(torch.nn, name, None) or name in CUSTOM_MODULES or name in RECURRENT
        if name in RECURRENT:
            assert issubclass(cls, getattr(torch.nn, name)), name
    assert set(CUSTOM_MODULES) == {layer.type for layer in JOINS}
    assert set(RECURRENT) == {layer.type for layer in LAYERS if layer.category == "recurrent"}


@st.composite
def graphs(draw: st.DrawFn) -> Design:
    """A random graph: each layer reads one earlier value (or two or three, for a join)."""
    channels = draw(st.integers(1, 4))
    shape = draw(st.sampled_from([[channels, 6, 6], [channels * 4], [channels, 8]]))
    ids: list[str] = []
    layers, edges = [], []
    for index in range(draw(st.integers(1, 6))):
        node = f"n{index}"
        pool = JOINS if ids and draw(st.integers(0, 3)) == 0 else SINGLE_INPUT
        layer = draw(st.sampled_from(pool))
        sources = ["input", *ids]
        count = draw(st.integers(2, 3)) if layer.joins else 1
        for _ in range(count):
            edges.append([draw(st.sampled_from(sources)), node])
        layers.append({"id": node, "type": layer.type, "params": draw(layer_params(layer))})
        ids.append(node)
    return Design.model_validate(
        {"name": "graph", "input_shape": shape, "layers": layers, "edges": edges}
    )


@SETTINGS
@given(graphs())
def test_a_valid_graph_runs_as_validation_said(design: Design) -> None:
    result = validate_design(design)
    event("valid" if result.valid else "invalid")
    assert_well_formed(design, result)
    if not result.valid:
        return
    network = build_network(design)
    shapes: dict[str, list[int]] = {}
    for name, module in network.named_children():
        module.register_forward_hook(
            lambda _m, _i, out, name=name: shapes.__setitem__(name, list(out.shape[1:]))
        )
    with torch.no_grad():
        out = network.eval()(torch.randn(2, *design.input_shape))  # (B, *sample)
    assert shapes == {node: info.output_shape for node, info in result.nodes.items()}
    assert result.output_shape == list(out.shape[1:])
    assert result.total_params == sum(p.numel() for p in network.parameters())
