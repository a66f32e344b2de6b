"""A request body names what is wrong with it: a field it does not take is refused with the
fields it does (a share's "password" once made an open link with a 201), and every error reply
names a field from the body's root, as the run checks do."""

from typing import Any

from fastapi.testclient import TestClient

from .conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for


def _refused(reply: Any) -> tuple[str | None, str]:
    assert reply.status_code == 422, reply.text
    [issue] = reply.json()["errors"]
    return issue["field"], issue["message"]


def test_every_json_body_refuses_fields_it_does_not_take(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    bodies = {
        f"{method.upper()} {path}": operation["requestBody"]["content"]["application/json"]
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    }
    assert len(bodies) >= 10, bodies
    for name, body in bodies.items():
        refs = [body["schema"], *body["schema"].get("anyOf", [])]
        [ref] = [r["$ref"] for r in refs if "$ref" in r]
        model = components[ref.rsplit("/", 1)[-1]]
        assert model.get("additionalProperties") is False, name


def test_unknown_fields_are_refused_with_the_fields_taken(client: TestClient) -> None:
    training = {**DIGITS_TRAINING, "epochs": 1}
    run = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    run_id = run.json()["id"]
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    cases = [
        (
            f"/api/runs/{run_id}/shares",
            {"expires_in_seconds": 100, "password": "x"},
            "password",
            "password: not a field here: the only field is expires_in_seconds.",
        ),
        (
            "/api/runs",
            {"design": DIGITS_CNN, "training": training, "note": "my notes"},
            "note",
            "note: not a field here: the fields are design, training, name, group, based_on.",
        ),
        (
            f"/api/runs/{run_id}/continue",
            {"epochs": 1, "lr": 5},
            "lr",
            "lr: not a field here: the fields are epochs, learning_rate, as_new_run.",
        ),
        (
            "/api/runs",
            {"design": DIGITS_CNN, "training": {**training, "dataset_options": {"ratio": 1}}},
            "training.dataset_options.ratio",
            "training.dataset_options.ratio: not a field here: the fields are noise, "
            "train_share, features.",
        ),
    ]
    for path, body, field, message in cases:
        assert _refused(client.post(path, json=body)) == (field, message), path
    assert client.get(f"/api/runs/{run_id}/shares").json() == []  # no open link was made
    assert len(client.get("/api/runs").json()) == 1  # nor a run without its note
    # A share's fields are all optional: no body is a link that lasts.
    created = client.post(f"/api/runs/{run_id}/shares")
    assert created.status_code == 201, created.text
    assert created.json()["expires_at"] is None


def test_validate_names_an_unknown_optimizer_or_scheduler(client: TestClient) -> None:
    # Its size estimate counted no optimizer state for "Adamm", and said nothing.
    for extra, field, message in [
        (
            {"optimizer": "Adamm"},
            "optimizer",
            "optimizer: unknown optimizer `Adamm`: use one of SGD, Adam, AdamW, RMSprop, Adagrad.",
        ),
        (
            {"schedule": {"scheduler": "Cosine"}},
            "schedule.scheduler",
            "schedule.scheduler: unknown scheduler `Cosine`: use one of StepLR, "
            "CosineAnnealingLR, OneCycleLR, ReduceLROnPlateau.",
        ),
    ]:
        reply = client.post("/api/designs/validate", json={"design": DIGITS_CNN, **extra})
        assert _refused(reply) == (field, message)


def test_error_fields_are_named_from_the_bodys_root(client: TestClient) -> None:
    cases = [
        ({"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": 0}}, "training.epochs"),
        ({"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "dataset": "nope"}}, "training.dataset"),
        ({"design": {**DIGITS_CNN, "input_shape": "x"}, "training": DIGITS_TRAINING}, "design.input_shape"),
        ({"design": {**DIGITS_CNN, "input_shape": [1, 9, 9]}, "training": DIGITS_TRAINING}, "design.input_shape"),
        ({"design": {**DIGITS_CNN, "layers": []}, "training": DIGITS_TRAINING}, "design.layers"),
    ]  # fmt: skip
    for body, field in cases:
        reply = client.post("/api/runs", json=body)
        assert reply.status_code == 422, reply.text
        fields = [issue["field"] for issue in reply.json()["errors"] if issue["node"] is None]
        assert field in fields, (field, reply.json())
    # A layer's own issue names its param, with the layer as its node.
    layers = [{**DIGITS_CNN["layers"][0], "params": {"out_channels": 0}}, *DIGITS_CNN["layers"][1:]]
    reply = client.post(
        "/api/runs", json={"design": {**DIGITS_CNN, "layers": layers}, "training": DIGITS_TRAINING}
    )
    issue = reply.json()["errors"][0]
    assert (issue["node"], issue["field"]) == (layers[0]["id"], "out_channels"), issue


def test_a_training_number_sent_as_text_or_true_is_refused(client: TestClient) -> None:
    # "1" and true trained as 1 epoch; a layer's sizes refused them already.
    for field, value, message in [
        ("epochs", "1", "Input should be a valid integer"),
        ("epochs", True, "true is not a number: send a whole number"),
        ("batch_size", 32.0, "Input should be a valid integer"),
        (
            "lr",
            "0.01",
            "Input should be a valid number: the learning rate is a finite number above 0 and "
            "at most 10, such as 0.001",
        ),
    ]:
        training = {**DIGITS_TRAINING, field: value}
        reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
        assert _refused(reply) == (f"training.{field}", f"training.{field}: {message}."), value
