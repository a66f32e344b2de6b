"""Validation: a design in, shapes and parameter counts or the exact errors out."""

import json
from pathlib import Path
from typing import Any

import pytest
import torch

from tests.backend.conftest import DIGITS_CNN
from torchcanvas.design.build import DesignInvalid, build_network
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design
from torchcanvas.training.check import check_run, run_warnings
from torchcanvas.training.settings import TrainingSettings

# Each file: {"design": …, "errors": […]}, and "training" when the errors come from check_run.
BAD_DESIGNS = sorted((Path(__file__).parent / "fixtures" / "bad_designs").glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def digits_cnn(input_shape: list[int] | None = None) -> Design:
    return Design.model_validate({**DIGITS_CNN, "input_shape": input_shape or [1, 8, 8]})


def test_there_are_bad_design_fixtures() -> None:
    assert len(BAD_DESIGNS) >= 30


@pytest.mark.parametrize("path", BAD_DESIGNS, ids=[path.stem for path in BAD_DESIGNS])
def test_bad_design_gives_exact_errors(path: Path) -> None:
    fixture = load(path)
    design = Design.model_validate(fixture["design"])
    if "training" in fixture:
        errors = check_run(design, TrainingSettings.model_validate(fixture["training"]))
    else:
        result = validate_design(design)
        assert not result.valid
        assert result.output_shape is None
        errors = result.errors
        with pytest.raises(DesignInvalid) as raised:
            build_network(design)
        assert raised.value.issues == errors
    assert [error.model_dump() for error in errors] == fixture["errors"]


def test_valid_design_gives_shapes_and_params() -> None:
    result = validate_design(digits_cnn())

    assert result.valid
    assert result.errors == []
    assert {node: (info.output_shape, info.params) for node, info in result.nodes.items()} == {
        "conv1": ([16, 8, 8], 16 * 1 * 3 * 3 + 16),
        "act1": ([16, 8, 8], 0),
        "pool1": ([16, 4, 4], 0),
        "flat": ([256], 0),
        "fc": ([10], 256 * 10 + 10),
    }
    assert list(result.nodes) == ["conv1", "act1", "pool1", "flat", "fc"]
    assert result.total_params == 160 + 2570
    assert result.output_shape == [10]


def test_valid_design_passes_run_checks() -> None:
    training = TrainingSettings(
        dataset="digits",
        loss="CrossEntropyLoss",
        optimizer="Adam",
        lr=1e-3,
        epochs=1,
        batch_size=32,
    )
    assert check_run(digits_cnn(), training) == []


def test_inferred_sizes_follow_the_input_shape() -> None:
    """The same design fits a grey 8×8 and a colour 16×16 input; only the counts change."""
    grey = validate_design(digits_cnn([1, 8, 8]))
    colour = validate_design(digits_cnn([3, 16, 16]))

    assert grey.valid
    assert colour.valid
    assert colour.nodes["conv1"].params == 16 * 3 * 3 * 3 + 16
    assert colour.nodes["pool1"].output_shape == [16, 8, 8]
    assert colour.nodes["fc"].params == (16 * 8 * 8) * 10 + 10
    assert grey.output_shape == colour.output_shape == [10]
    assert grey.total_params == 160 + 2570
    assert colour.total_params == 448 + 10250


def test_nodes_hold_the_layers_before_an_error() -> None:
    design = Design.model_validate(
        {
            "input_shape": [1, 8, 8],
            "layers": [
                {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 4}},
                {"id": "act1", "type": "ReLU"},
                {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
                {"id": "act2", "type": "ReLU"},
            ],
        }
    )
    result = validate_design(design)

    assert not result.valid
    assert [error.node for error in result.errors] == ["fc"]
    assert {node: info.output_shape for node, info in result.nodes.items()} == {
        "conv1": [4, 6, 6],
        "act1": [4, 6, 6],
    }
    assert result.total_params == 4 * 9 + 4
    assert result.output_shape is None


def test_batchnorm1d_after_linear_is_valid() -> None:
    """The usual flat block: validation must not refuse BatchNorm1d for seeing one sample."""
    design = Design.model_validate(
        {
            "input_shape": [2],
            "layers": [
                {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
                {"id": "bn1", "type": "BatchNorm1d"},
                {"id": "act1", "type": "ReLU"},
                {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
            ],
        }
    )
    result = validate_design(design)

    assert result.errors == []
    assert result.nodes["bn1"].output_shape == [8]
    assert result.nodes["bn1"].params == 16


@pytest.mark.parametrize("layer_id", ["training", "append", "pop", "_modules", "forward"])
def test_ids_that_clash_with_module_attributes_are_refused(layer_id: str) -> None:
    """Such an id would make nn.Sequential raise, so validation must catch it first."""
    design = Design.model_validate(
        {"input_shape": [4], "layers": [{"id": layer_id, "type": "ReLU"}]}
    )
    result = validate_design(design)

    assert [(error.node, error.field) for error in result.errors] == [(layer_id, "id")]
    with pytest.raises(DesignInvalid):
        build_network(design)


def test_result_has_the_api_fields() -> None:
    body = validate_design(digits_cnn()).model_dump(mode="json")

    assert set(body) >= {"valid", "nodes", "total_params", "errors"}
    assert body["nodes"]["fc"] == {"output_shape": [10], "params": 2570, "macs": 2560}


def _with_fix(design: dict[str, Any], fix: dict[str, Any]) -> dict[str, Any]:
    """The design after the editor's one click: a layer inserted on the wire from `after` to
    `before` (or after the last layer `after`, with no `before`), or a param set."""
    layers = [dict(layer) for layer in design["layers"]]
    if "param" in fix:
        for layer in layers:
            if layer["id"] == fix["layer"]:
                layer["params"] = {**layer.get("params", {}), fix["param"]: fix["value"]}
        return {**design, "layers": layers}
    new = {"id": "fix", **fix["insert"]}
    at = 0 if fix["after"] == "input" else [layer["id"] for layer in layers].index(fix["after"]) + 1
    layers.insert(at, new)
    fixed = {**design, "layers": layers}
    if design.get("edges") is not None:
        edges = [edge for edge in design["edges"] if edge != [fix["after"], fix["before"]]]
        onward = [] if fix["before"] is None else [["fix", fix["before"]]]
        fixed["edges"] = [*edges, [fix["after"], "fix"], *onward]
    return fixed


# Designs with a fix that inserts a layer or sets a param (a removal leaves no layer to check).
WITH_FIXES = [
    p
    for p in BAD_DESIGNS
    if "training" not in load(p)
    and ('"insert": {' in p.read_text() or '"param": ' in p.read_text())
]


@pytest.mark.parametrize("path", WITH_FIXES, ids=[path.stem for path in WITH_FIXES])
def test_a_one_click_fix_fixes_its_error_and_makes_none(path: Path) -> None:
    # The Add fix on flat branches inserted a Conv1d, which could not take them: a new error.
    design = load(path)["design"]
    errors = validate_design(Design.model_validate(design)).errors
    clicked = 0
    for error in errors:
        if error.fix is None or hasattr(error.fix, "remove"):
            continue
        fixed = validate_design(Design.model_validate(_with_fix(design, error.fix.model_dump())))
        assert (error.node, error.message) not in [(e.node, e.message) for e in fixed.errors]
        assert [e.message for e in fixed.errors if e.node in ("fix", error.node)] == []
        assert len(fixed.errors) < len(errors)
        clicked += 1
    assert clicked


# Run checks (a loss and the network's end) with a fix that inserts or appends a layer.
RUN_FIXES = [p for p in BAD_DESIGNS if "training" in load(p) and '"insert": {' in p.read_text()]


@pytest.mark.parametrize("path", RUN_FIXES, ids=[path.stem for path in RUN_FIXES])
def test_a_run_checks_fix_fixes_its_error(path: Path) -> None:
    fixture = load(path)
    training = TrainingSettings.model_validate(fixture["training"])
    errors = check_run(Design.model_validate(fixture["design"]), training)
    fixes = [
        error.fix for error in errors if error.fix is not None and hasattr(error.fix, "insert")
    ]
    assert fixes
    for fix in fixes:
        fixed = Design.model_validate(_with_fix(fixture["design"], fix.model_dump()))
        assert check_run(fixed, training) == []


def test_nll_loss_after_a_linear_hints_at_log_softmax_with_a_fix_that_ends_the_network() -> None:
    design = {
        "input_shape": [2],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
    }
    training = TrainingSettings(
        dataset="moons", loss="NLLLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=16
    )
    hints = run_warnings(Design.model_validate(design), training)
    assert [hint.fix.model_dump() if hint.fix else None for hint in hints] == [
        {
            "label": "End with a LogSoftmax after `fc`",
            "insert": {"type": "LogSoftmax", "params": {}},
            "after": "fc",
            "before": None,
        }
    ]
    assert hints[0].fix is not None
    fixed = Design.model_validate(_with_fix(design, hints[0].fix.model_dump()))
    assert run_warnings(fixed, training) == [] and check_run(fixed, training) == []


@pytest.mark.parametrize(
    ("loss", "last", "dataset", "outputs"),
    [
        ("CrossEntropyLoss", "Softmax", "moons", 2),
        ("BCEWithLogitsLoss", "Sigmoid", "moons", 1),
    ],
)
def test_a_loss_that_applies_softmax_itself_hints_at_removing_the_one_before_it(
    loss: str, last: str, dataset: str, outputs: int
) -> None:
    design = {
        "input_shape": [2],
        "layers": [
            {"id": "fc", "type": "Linear", "params": {"out_features": outputs}},
            {"id": "end", "type": last},
        ],
    }
    training = TrainingSettings(
        dataset=dataset, loss=loss, optimizer="Adam", lr=0.01, epochs=1, batch_size=16
    )
    hints = run_warnings(Design.model_validate(design), training)
    assert [(hint.node, hint.fix.model_dump() if hint.fix else None) for hint in hints] == [
        ("end", {"label": "Remove `end`", "remove": "end"})
    ]
    assert "twice" in hints[0].message
    without = Design.model_validate({**design, "layers": design["layers"][:1]})
    assert run_warnings(without, training) == [] and check_run(without, training) == []


def test_a_dropout_of_0_9_or_more_is_a_hint_with_a_fix_to_the_usual() -> None:
    design = {
        "input_shape": [2],
        "layers": [
            {"id": "fc", "type": "Linear", "params": {"out_features": 16}},
            {"id": "drop", "type": "Dropout", "params": {"p": 0.99}},
            {"id": "out", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    training = TrainingSettings(
        dataset="moons", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=16
    )
    [hint] = run_warnings(Design.model_validate(design), training)
    assert (hint.node, hint.field) == ("drop", "p")
    assert hint.message.startswith("Dropout `drop` zeroes 99% of its inputs at each step")
    assert hint.fix is not None
    fixed = Design.model_validate(_with_fix(design, hint.fix.model_dump()))
    assert fixed.layers[1].params == {"p": 0.5}
    assert run_warnings(fixed, training) == []


def test_log_softmax_before_cross_entropy_is_no_hint_as_it_trains_the_same() -> None:
    """log_softmax of log-probabilities gives them back: the loss and its gradients are the
    same with the LogSoftmax as without it, as torch says."""
    logits = torch.randn(5, 3, requires_grad=True)
    target = torch.tensor([0, 2, 1, 1, 0])
    with_it = torch.nn.functional.cross_entropy(torch.log_softmax(logits, 1), target)
    (grad_with,) = torch.autograd.grad(with_it, logits)
    without = torch.nn.functional.cross_entropy(logits, target)
    (grad_without,) = torch.autograd.grad(without, logits)
    torch.testing.assert_close((with_it, grad_with), (without, grad_without))
    design = {
        "input_shape": [2],
        "layers": [
            {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
            {"id": "end", "type": "LogSoftmax"},
        ],
    }
    training = TrainingSettings(
        dataset="moons", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=16
    )
    assert run_warnings(Design.model_validate(design), training) == []


@pytest.mark.parametrize("layer_type, param", [("Dropout", "p"), ("LeakyReLU", "negative_slope")])
def test_designs_apart_only_by_nan_or_infinity_are_each_answered_for_themselves(
    layer_type: str, param: str
) -> None:
    """A cached answer is one design's: NaN, Infinity and -Infinity each get the message that
    names them, in whichever order they come (the cache's key once wrote each as null)."""
    values = [float("inf"), float("nan"), float("-inf")]
    for order in (values, values[::-1]):
        for value in order:
            design = Design.model_validate(
                {
                    "version": 1,
                    "name": f"apart-{layer_type}",
                    "input_shape": [4],
                    "layers": [{"id": "x", "type": layer_type, "params": {param: value}}],
                }
            )
            cached = validate_design(design)
            assert cached == validate_design(design, caches=None)
            assert str(value) in cached.errors[0].message
