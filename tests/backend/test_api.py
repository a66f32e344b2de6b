"""The HTTP API through a test client: contracts, and clear 4xx replies for bad input."""

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from starlette.websockets import WebSocketDisconnect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, start_run, wait_for
from torchcanvas.training.catalog import LOSSES_BY_NAME
from torchcanvas.training.objectives import class_weight_issues
from torchcanvas.training.settings import TrainingSettings


def test_health(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["executor_problem"] is None
    assert health["disk_low"] is False and health["free_bytes"] >= health["min_free_bytes"] > 0


def test_catalog_lists_layers_losses_optimizers_and_datasets(client: TestClient) -> None:
    catalog = client.get("/api/catalog").json()
    layers = {layer["type"] for layer in catalog["layers"]}
    assert {
        "Linear",
        "Conv2d",
        "MaxPool2d",
        "AvgPool2d",
        "Flatten",
        "ReLU",
        "LeakyReLU",
        "Sigmoid",
        "Tanh",
        "Dropout",
        "BatchNorm1d",
        "BatchNorm2d",
    } <= layers
    assert {"CrossEntropyLoss", "MSELoss", "L1Loss"} <= {loss["name"] for loss in catalog["losses"]}
    assert {"SGD", "Adam", "AdamW"} <= {opt["name"] for opt in catalog["optimizers"]}
    datasets = {d["name"]: d for d in catalog["datasets"]}
    assert datasets["digits"]["sample_shape"] == [1, 8, 8]
    assert datasets["digits"]["classes"] == [str(d) for d in range(10)]
    assert datasets["digits"]["train_size"] + datasets["digits"]["val_size"] == 1797
    assert datasets["sine"]["task"] == "regression"
    assert {d["task"] for name, d in datasets.items() if name in ("spiral", "moons")} == {
        "classification"
    }
    conv = next(layer for layer in catalog["layers"] if layer["type"] == "Conv2d")
    assert conv["inferred"] == {"in_channels": "channels"}
    assert all(param["help"] for param in conv["params"])


def _class_weight_fits(weight: float) -> bool:
    """Whether a run's check takes `weight` as one class's (beside a second class's 1)."""
    spec = LOSSES_BY_NAME["CrossEntropyLoss"]
    return not class_weight_issues(spec, {"weight": [weight, 1]}, ["a", "b"])


def test_catalog_setting_bounds_are_those_a_run_is_checked_against(client: TestClient) -> None:
    bounds = client.get("/api/catalog").json()["setting_bounds"]
    weight = bounds.pop("class_weight")
    # 0 itself is refused: a batch of only that class would average its loss over no weight.
    assert weight["min"] == 0 and not weight["integer"] and weight["min_exclusive"]
    assert not _class_weight_fits(weight["min"]) and _class_weight_fits(1e-6)
    assert _class_weight_fits(weight["max"])
    assert not _class_weight_fits(weight["max"] + 1) and not _class_weight_fits(-1e-6)
    assert bounds["lr"] == {
        "integer": False,
        "min": 0,
        "min_exclusive": True,
        "max": 10,
        "max_exclusive": False,
    }
    for name, b in bounds.items():
        for edge, exclusive, step in (
            (b["min"], b["min_exclusive"], -1),
            (b["max"], b["max_exclusive"], 1),
        ):
            cast = int if b["integer"] else float
            at_edge = {**DIGITS_TRAINING, name: cast(edge)}
            if exclusive:
                with pytest.raises(ValidationError):
                    TrainingSettings.model_validate(at_edge)
            else:
                TrainingSettings.model_validate(at_edge)
            outside = edge + step * (1 if b["integer"] else 1e-6 * max(1, abs(edge)))
            with pytest.raises(ValidationError):
                TrainingSettings.model_validate({**DIGITS_TRAINING, name: cast(outside)})


def test_validate_checks_the_output_against_the_loss_and_targets_as_a_run_would(
    client: TestClient,
) -> None:
    digits = {
        "loss": "CrossEntropyLoss",
        "dataset": "Handwritten digits (8×8)",
        "task": "classification",
    }
    three = {
        **DIGITS_CNN,
        "layers": [
            *DIGITS_CNN["layers"][:-1],
            {**DIGITS_CNN["layers"][-1], "params": {"out_features": 3}},
        ],
    }
    checked = client.post(
        "/api/designs/validate", json={"design": three, "target": {**digits, "classes": 10}}
    ).json()
    refused = client.post("/api/runs", json={"design": three, "training": DIGITS_TRAINING}).json()
    assert checked["valid"] is False
    assert (
        checked["errors"]
        == refused["errors"]
        == [
            {
                "node": "fc",
                "field": "out_features",
                "fix": {
                    "label": "Set out_features of `fc` to 10",
                    "layer": "fc",
                    "param": "out_features",
                    "value": 10,
                },
                "message": "CrossEntropyLoss needs one output per class: the last layer `fc` gives (3), "
                "the dataset “Handwritten digits (8×8)” has 10 classes. Set out_features of `fc` to 10.",
            }
        ]
    )
    assert checked["nodes"]["fc"]["output_shape"] == [3]  # shapes still show
    fits = {"design": DIGITS_CNN, "target": {**digits, "classes": 10}}
    assert client.post("/api/designs/validate", json=fits).json()["errors"] == []
    nll = {**fits, "target": {**digits, "classes": 10, "loss": "NLLLoss"}}
    result = client.post("/api/designs/validate", json=nll).json()
    assert result["valid"] is True
    assert [w["message"] for w in result["warnings"]] == [
        "NLLLoss expects log-probabilities, but the last layer `fc` is a Linear: end with "
        "LogSoftmax (or use CrossEntropyLoss, which applies it itself)."
    ]
    mse = {**fits, "target": {**digits, "classes": 10, "loss": "MSELoss"}}
    result = client.post("/api/designs/validate", json=mse).json()
    assert result["valid"] is True
    assert [(w["field"], w["message"].split(":")[0]) for w in result["warnings"]] == [
        ("training.loss", "MSELoss on classes matches their one-hot targets as numbers")
    ]
    # BCEWithLogitsLoss on ten classes trains ten yes/no answers: said, as MSELoss is.
    bce = {**fits, "target": {**digits, "classes": 10, "loss": "BCEWithLogitsLoss"}}
    result = client.post("/api/designs/validate", json=bce).json()
    assert result["valid"] is True
    assert [(w["field"], w["message"]) for w in result["warnings"]] == [
        (
            "training.loss",
            "BCEWithLogitsLoss is for two classes or multi-label 0/1 targets: on the 10 classes "
            "of “Handwritten digits (8×8)” it answers a separate yes or no for each class, so it "
            "trains slower and its outputs are not one class's probabilities. For 10 classes use "
            "CrossEntropyLoss.",
        )
    ]
    # On two classes it is the loss to use: no hint.
    two = {**fits, "target": {**digits, "classes": 2, "loss": "BCEWithLogitsLoss"}}
    two["design"] = {
        **DIGITS_CNN,
        "layers": [
            *DIGITS_CNN["layers"][:-1],
            {**DIGITS_CNN["layers"][-1], "params": {"out_features": 1}},
        ],
    }
    assert client.post("/api/designs/validate", json=two).json()["warnings"] == []
    # A dropout of 0.9 or more is a hint of the design's own, with its fix to the usual 0.5.
    dropped = {
        **DIGITS_CNN,
        "layers": [
            *DIGITS_CNN["layers"][:-1],
            {"id": "d", "type": "Dropout", "params": {"p": 0.95}},
            DIGITS_CNN["layers"][-1],
        ],
    }
    result = client.post("/api/designs/validate", json={**fits, "design": dropped}).json()
    assert [(w["node"], w["fix"]["value"]) for w in result["warnings"]] == [("d", 0.5)]


def test_validate_gives_shapes_and_counts(client: TestClient) -> None:
    result = client.post("/api/designs/validate", json={"design": DIGITS_CNN}).json()
    assert result["valid"] is True
    assert result["nodes"]["conv1"] == {
        "output_shape": [16, 8, 8],
        "params": 16 * 9 + 16,
        "macs": 16 * 8 * 8 * 9,
    }
    assert result["nodes"]["pool1"]["output_shape"] == [16, 4, 4]
    assert result["nodes"]["fc"] == {"output_shape": [10], "params": 256 * 10 + 10, "macs": 2560}
    assert result["total_params"] == 160 + 2570
    assert result["errors"] == []


def test_validate_names_the_node_and_the_fix(client: TestClient) -> None:
    layers = [layer for layer in DIGITS_CNN["layers"] if layer["id"] != "flat"]
    result = client.post(
        "/api/designs/validate", json={"design": {**DIGITS_CNN, "layers": layers}}
    ).json()
    assert result["valid"] is False
    assert result["errors"] == [
        {
            "node": "fc",
            "field": None,
            "message": (
                "Linear `fc` expects a flat input but gets (16, 4, 4): add a Flatten before it."
            ),
            "fix": {
                "label": "Insert a Flatten before `fc`",
                "insert": {"type": "Flatten", "params": {}},
                "after": "pool1",
                "before": "fc",
            },
        }
    ]
    assert "pool1" in result["nodes"] and "fc" not in result["nodes"]


def test_malformed_body_is_a_422_with_the_field(client: TestClient) -> None:
    design = {**DIGITS_CNN, "layers": [{"id": "conv1", "params": {}}]}
    reply = client.post("/api/designs/validate", json={"design": design})
    assert reply.status_code == 422
    body = reply.json()
    assert body["errors"] == [
        {
            "node": "conv1",
            "field": "type",
            "message": "design.layers.0.type: Field required.",
            "fix": None,
        }
    ]
    assert body["detail"].startswith("The request is not valid: design.layers.0.type")
    assert client.post("/api/designs/validate", content=b"{not json").status_code == 415


def _rejected(client: TestClient, design: dict[str, Any], **training: Any) -> list[Any]:
    reply = client.post(
        "/api/runs", json={"design": design, "training": {**DIGITS_TRAINING, **training}}
    )
    assert reply.status_code == 422, reply.text
    errors: list[Any] = reply.json()["errors"]
    return errors


def test_a_run_that_cannot_work_is_refused_before_it_starts(client: TestClient) -> None:
    seven = {
        **DIGITS_CNN,
        "layers": [
            *DIGITS_CNN["layers"][:-1],
            {"id": "fc", "type": "Linear", "params": {"out_features": 7}},
        ],
    }
    assert _rejected(client, seven) == [
        {
            "node": "fc",
            "field": "out_features",
            "message": (
                "CrossEntropyLoss needs one output per class: the last layer `fc` gives (7), "
                "the dataset “Handwritten digits (8×8)” has 10 classes. Set out_features of `fc` to 10."
            ),
            "fix": {
                "label": "Set out_features of `fc` to 10",
                "layer": "fc",
                "param": "out_features",
                "value": 10,
            },
        }
    ]
    sine = {
        "input_shape": [1],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 1}}],
    }
    assert [e["field"] for e in _rejected(client, sine, dataset="sine")] == ["training.loss"]
    assert _rejected(client, DIGITS_CNN, optimizer="Adamax")[0]["field"] == "training.optimizer"
    bad_lr = _rejected(client, DIGITS_CNN, lr=-1)
    assert bad_lr[0]["field"] == "training.lr"
    assert bad_lr[0]["message"].startswith("training.lr: -1 must be above 0: the learning rate")


def test_unknown_run_is_a_404(client: TestClient) -> None:
    for path in ("", "/weights.safetensors", "/design.json", "/events"):
        reply = client.get(f"/api/runs/nope{path}")
        assert reply.status_code == 404
        assert reply.json()["detail"] == (
            "Run nope is not among this browser's runs: open it in the browser that started "
            "it, or ask for a share link."
        )
    assert client.post("/api/runs/nope/cancel").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", "/api/health", "GET"),
        ("PUT", "/api/runs", "GET, POST"),
        ("GET", "/api/login", "POST"),
    ],
)
def test_a_method_a_route_does_not_take_is_a_405_that_names_those_it_does(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    reply = client.request(method, path)
    assert reply.status_code == 405
    assert reply.json()["detail"] == f"{path} does not take {method}: use {allowed}."


def test_an_api_path_no_route_takes_is_a_404_with_the_one_it_likely_meant(
    client: TestClient,
) -> None:
    token = "Xq3k9vB2mN7pL4sT8wY1zA5c"  # a share link's, made up
    files = f"/api/shared/{token}/files"
    # A typo'd POST was told to use GET (the pages' files take any GET), a GET got "Not Found".
    for method, path, meant in [
        ("POST", "/api/run", " Did you mean /api/runs?"),
        ("GET", "/api/dataset", " Did you mean /api/datasets?"),
        ("POST", "/api/runs/abc/stop", " Did you mean /api/runs/abc/cancel?"),  # not /step
        ("POST", "/api/runs/abc/stpe", " Did you mean /api/runs/abc/step?"),
        ("GET", "/api/nope", ""),
        ("POST", "/api/runs//pause", ""),  # was "Did you mean /api/runs//pause?"
        # A share link's token is no run's id: its files are under /files alone.
        (
            "GET",
            f"/api/shared/{token}/weights.safetensors",
            f" Did you mean {files}/weights.safetensors?",
        ),
        ("GET", f"/api/shared/{token}/design.json", f" Did you mean {files}/design.json?"),
        ("GET", "/api/runs/abc/model.onnx", " Did you mean /api/runs/abc/files/model.onnx?"),
        ("GET", f"/api/shared/{token}/weights", ""),  # not /events, alike only by the token
    ]:
        reply = client.request(method, path)
        assert (reply.status_code, reply.json()["detail"]) == (
            404,
            f"The API has no endpoint {path}.{meant} Its endpoints are listed at /docs.",
        )
    # A path longer than any endpoint's is compared with none (60 KB took seconds of the event
    # loop, a review), and said cut short.
    long = "/api/runs/" + "a" * 60_000 + "/stpe"
    assert client.post(long).json()["detail"] == (
        f"The API has no endpoint {long[:256]}… (60,015 characters). Its endpoints are listed "
        "at /docs."
    )
    assert client.get("/runs/abc").status_code == 200  # a page's path is the frontend's still
    # A websocket to a path that has none is closed with why, not refused with a bare 403.
    with (
        client.websocket_connect("/api/runs/abc/ws") as socket,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        socket.receive_json()
    assert (closed.value.code, closed.value.reason) == (
        4404,
        "No websocket at /api/runs/abc/ws: a run's events are at /api/runs/{id}/events.",
    )


def test_cancelling_an_ended_run_is_a_409(client: TestClient) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    reply = client.post(f"/api/runs/{run_id}/cancel")
    assert reply.status_code == 409
    assert reply.json()["detail"] == f"Run {run_id} has already ended (succeeded)."


def test_openapi_describes_the_contract(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/health",
        "/api/catalog",
        "/api/designs/validate",
        "/api/runs",
        "/api/runs/{run_id}",
        "/api/runs/{run_id}/cancel",
        "/api/runs/{run_id}/events",
        "/api/runs/{run_id}/weights.safetensors",
    ):
        assert path in schema["paths"], path
    for model in ("Design", "ValidationResult", "Run", "ProgressMessage", "EndMessage"):
        assert model in schema["components"]["schemas"], model


def test_a_malformed_value_names_its_field_and_the_shape_it_needs(client: TestClient) -> None:
    cases = [
        (
            {"input_shape": [1.5], "layers": []},
            "design.input_shape",  # from the body's root, as every error reply names fields
            "design.input_shape.0: Input should be a valid integer, got a number with a "
            "fractional part: one sample's shape as 1 to 4 whole numbers, such as [1, 8, 8].",
        ),
        (
            {"input_shape": [2], "layers": [], "edges": [["input"]]},
            "design.edges",
            "design.edges.0.1: Field required: each edge is a pair of layer ids [from, to], "
            'with "input" for the input.',
        ),
    ]
    for design, field, message in cases:
        reply = client.post("/api/designs/validate", json={"design": design})
        assert reply.status_code == 422
        assert reply.json()["errors"] == [
            {"node": None, "field": field, "message": message, "fix": None}
        ]


@pytest.mark.parametrize(
    ("training", "message"),
    [
        ({"epochs": 5000}, "training.epochs: 5000 is over the most allowed, 1000."),
        ({"batch_size": 0}, "training.batch_size: 0 is under the least allowed, 1."),
        (
            {"epochs": 10**60},
            f"training.epochs: {str(10**60)[:20]}… is over the most allowed, 1000.",
        ),
    ],
    ids=["epochs", "batch size", "a long number"],
)
def test_a_number_past_its_bound_says_what_was_sent_and_the_bound(
    client: TestClient, training: dict[str, Any], message: str
) -> None:
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **training}}
    reply = client.post("/api/runs", json=body)
    assert reply.status_code == 422, reply.text
    assert [issue["message"] for issue in reply.json()["errors"]] == [message]


def test_a_nan_is_said_to_be_no_number_not_to_be_past_a_bound(client: TestClient) -> None:
    # "noise: nan is over the most allowed, 50", though it is no more over than under.
    for sent in ["nan", "-NaN"]:
        reply = client.get(f"/api/datasets/spiral/preview?noise={sent}")
        assert reply.status_code == 422, reply.text
        assert reply.json()["detail"] == f"The request is not valid: noise: {sent} is not a number."


def test_a_noise_of_minus_zero_is_no_noise_not_a_500(client: TestClient) -> None:
    """-0 passed `ge=0`, and numpy refused it as a negative scale: a 500, and runs that failed."""
    for name in ("spiral", "moons", "circles", "gaussian"):
        reply = client.get(f"/api/datasets/{name}/preview?noise=-0")
        assert reply.status_code == 200, (name, reply.text)
        assert reply.json() == client.get(f"/api/datasets/{name}/preview?noise=0").json()
    plane = {"version": 1, "name": "p", "input_shape": [2], "layers": [
        {"id": "fc", "type": "Linear", "params": {"out_features": 2}}]}  # fmt: skip
    training = {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
        "epochs": 1, "batch_size": 32, "dataset_options": {"noise": -0.0}}  # fmt: skip
    reply = client.post("/api/runs", json={"design": plane, "training": training})
    assert reply.status_code == 201, reply.text
    run = wait_for(client, reply.json()["id"], {"succeeded", "failed"}, timeout=120)
    assert run["status"] == "succeeded", run["error"]


def test_health_says_when_a_worker_is_warm_and_where_runs_train(client: TestClient) -> None:
    deadline = time.monotonic() + 120
    while not (health := client.get("/api/health").json())["worker_ready"]:
        assert time.monotonic() < deadline, "the worker never said it was ready"
        time.sleep(0.1)
    said = ("executor", "cluster", "workers_ready", "workers_training", "executor_note")
    assert [health[key] for key in said] == ["local", None, 1, 0, None]
    run_id = start_run(client, epochs=50)
    while client.get("/api/health").json()["workers_training"] != 1:
        assert time.monotonic() < deadline, "health never counted the worker training the run"
        time.sleep(0.05)
    client.post(f"/api/runs/{run_id}/cancel")
    wait_for(client, run_id, {"cancelled", "succeeded"}, timeout=120)
    while client.get("/api/health").json()["workers_training"] != 0:
        assert time.monotonic() < deadline, "health still counts a worker that ended its run"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("layer_id", "said"),
    [
        ("", "Layer 2 has no id: give it one, such as conv1 or fc."),
        (
            "a" * 100,
            "Layer 2's id `aaaaaaaaaaaaaaaaaaaa…` is 100 characters long: give it one of at most "
            "64, such as conv1 or fc.",
        ),
    ],
)
def test_a_layer_id_empty_or_too_long_is_said_as_the_editor_says_it(
    client: TestClient, layer_id: str, said: str
) -> None:
    layers = [DIGITS_CNN["layers"][0], {**DIGITS_CNN["layers"][1], "id": layer_id}]
    reply = client.post("/api/designs/validate", json={"design": {**DIGITS_CNN, "layers": layers}})
    assert reply.status_code == 422
    assert reply.json()["errors"] == [{"node": None, "field": "id", "message": said, "fix": None}]
    assert reply.json()["detail"] == f"The request is not valid: {said}"


def test_a_body_of_many_errors_lists_the_first_fifty(client: TestClient) -> None:
    """200,000 bad edges in 1 MB once made a 37 MB reply and held the server 5 s."""
    many = {**DIGITS_CNN, "edges": [1.0] * 200_000}
    reply = client.post("/api/designs/validate", json={"design": many})
    assert reply.status_code == 422 and len(reply.content) < 2000
    assert reply.json()["detail"].startswith(
        "The request is not valid: design.edges: List should have at most 20000 items"
    )
    bad = [{"id": "", "type": "ReLU"}] * 80
    reply = client.post("/api/designs/validate", json={"design": {**DIGITS_CNN, "layers": bad}})
    assert reply.status_code == 422 and len(reply.json()["errors"]) == 50
    assert reply.json()["detail"].endswith("(30 more issues past the 50 listed.)")
