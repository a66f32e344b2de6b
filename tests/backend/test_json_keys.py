"""A key sent twice in one object of a JSON body is refused with 422 naming it and where, on every
route that reads a JSON body (Python's json kept the last: `"epochs": 1, "epochs": 500` trained
500), and the upload forms refuse a field sent twice; true and false are no numbers, where Pydantic
read `"version": true` as version 1."""

import json
import re
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.upload_files import blobs_csv
from torchcanvas.api import json_text
from torchcanvas.api.access import Owner
from torchcanvas.api.json_keys import holds_repeated_key, repeated_key
from torchcanvas.api.json_text import READ_HERE_BYTES

MLP = {
    "input_shape": [2],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
}
SENT_ONCE = (
    "send each key of an object once (JSON readers differ on which one counts, so this server "
    "takes none)."
)


def _post(client: TestClient, path: str, text: str, method: str = "POST") -> Any:
    headers = {"Content-Type": "application/json"}
    return client.request(method, path, content=text.encode(), headers=headers)


def _twice(body: dict[str, Any], marker: str, first: Any) -> str:
    """The body as JSON text, where `"marker": value` comes after `"marker": first`: the same
    key twice in one object, the last as the body had it."""
    text = json.dumps(body)
    at = text.index(f'"{marker}": ')
    return f'{text[:at]}"{marker}": {json.dumps(first)}, {text[at:]}'


def _issue(reply: Any) -> dict[str, Any]:
    assert reply.status_code == 422, reply.text
    [issue] = reply.json()["errors"]
    assert reply.json()["detail"] == f"The request is not valid: {issue['message']}"
    return dict(issue)


CASES = [
    # the route, the body, the key that comes twice (its first value), the path, node and field
    ("/api/designs/validate", {"design": MLP, "batch_size": 8}, "batch_size", 1, "`batch_size` is sent twice", None, "batch_size"),
    ("/api/designs/validate", {"design": {**MLP, "version": 1}}, "version", 1, "`design.version` is sent twice", None, "design.version"),
    ("/api/designs/validate", {"design": {**MLP, "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}]}}, "out_features", 5, "`design.layers[0].params.out_features` is sent twice", "fc", "out_features"),
    ("/api/designs/code", {"design": {**MLP, "layers": [{"type": "Linear", "id": "fc"}]}}, "id", "a", "`design.layers[0].id` is sent twice", None, "design.layers.0.id"),
    ("/api/designs/script", {"design": DIGITS_CNN, "training": DIGITS_TRAINING}, "loss", "MSELoss", "`training.loss` is sent twice", None, "training.loss"),
    ("/api/runs", {"design": DIGITS_CNN, "training": DIGITS_TRAINING}, "epochs", 500, "`training.epochs` is sent twice", None, "training.epochs"),
    # A sweep: its runs share a group, each its own POST.
    ("/api/runs", {"design": DIGITS_CNN, "training": DIGITS_TRAINING, "group": "lr sweep"}, "group", "other", "`group` is sent twice", None, "group"),
    ("/api/classes", {"name": "Period 3"}, "name", "Period 4", "`name` is sent twice", None, "name"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "body", "key", "first", "said", "node", "field"), CASES)
def test_a_key_sent_twice_is_refused_naming_it_and_where(
    client: TestClient,
    path: str,
    body: dict[str, Any],
    key: str,
    first: Any,
    said: str,
    node: str | None,
    field: str,
) -> None:
    runs = client.get("/api/runs").json()
    issue = _issue(_post(client, path, _twice(body, key, first)))
    assert issue["message"] == f"{said}: {SENT_ONCE}"
    assert (issue["node"], issue["field"]) == (node, field)
    assert client.get("/api/runs").json() == runs  # nothing started, nothing stored


def test_every_route_that_reads_a_json_body_refuses_a_key_sent_twice(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    routes = [
        (method.upper(), re.sub(r"\{[^}]+\}", "0" * 16, path))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    assert len(routes) >= 15, routes
    for method, path in routes:
        issue = _issue(_post(client, path, '{"note": 1, "note": 2}', method))
        assert issue["message"] == f"`note` is sent twice: {SENT_ONCE}", (method, path)


def test_a_run_with_a_setting_sent_twice_does_not_start(client: TestClient) -> None:
    text = _twice({"design": DIGITS_CNN, "training": DIGITS_TRAINING}, "epochs", 1)
    issue = _issue(_post(client, "/api/runs", text))
    assert issue["field"] == "training.epochs"
    assert client.get("/api/runs").json() == []


def test_keys_are_the_same_as_json_reads_them_and_counted(client: TestClient) -> None:
    escaped = '{"design": %s, "batch_size": 1, "batch\\u005fsize": 2, "batch_size": 3}'
    issue = _issue(_post(client, "/api/designs/validate", escaped % json.dumps(MLP)))
    assert issue["message"] == f"`batch_size` is sent 3 times: {SENT_ONCE}"


def test_the_same_key_in_different_objects_passes(client: TestClient) -> None:
    design = {
        "input_shape": [4],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 3}},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    reply = client.post("/api/designs/validate", json={"design": design})
    assert reply.status_code == 200 and reply.json()["valid"], reply.text


def test_a_large_body_is_read_for_a_key_twice_too(client: TestClient) -> None:
    layers = [
        {"id": f"fc{i}", "type": "Linear", "params": {"out_features": 4}} for i in range(1200)
    ]
    text = json.dumps({"design": {"input_shape": [4], "layers": layers}})
    text = text.replace('"out_features": 4}}]', '"out_features": 4, "out_features": 9}}]')
    assert len(text) > READ_HERE_BYTES  # read in a thread, not on the event loop
    issue = _issue(_post(client, "/api/designs/validate", text))
    assert (issue["node"], issue["field"]) == ("fc1199", "out_features")
    assert issue["message"].startswith("`design.layers[1199].params.out_features` is sent twice")


def test_the_first_key_sent_twice_in_the_bodys_order_is_named() -> None:
    found = repeated_key(b'{"a": {"b": 1, "b": 2}, "c": [{"d": 1, "d": 1, "d": 1}], "a": 0}')
    assert found is not None and found[:3] == ((), "a", 2)
    found = repeated_key(b'{"a": {"x": 1}, "c": [0, {"d": 1, "e": {"f": 1, "f": 2}, "d": 1}]}')
    assert found is not None and found[:3] == (("c", 1), "d", 2)
    assert repeated_key(b'{"a": [{"a": 1}, {"a": 2}]}') is None
    assert repeated_key(b'{"a": 1, "a": ') is None  # not JSON: the route says so
    assert repeated_key(b"[" * 100_000) is None  # nested too deep: the route says so


TRICKY = [  # keys and strings that a count of colons or quotes would misread
    b'{"a": 1, "b": 2}',
    b'{"a": 1, "a": 2}',
    b'{"a": 1, "\\u0061": 2}',
    b'{"a:": 1, "a": 2}',
    b'{"a\\"": ":", "a": "\\":\\""}',
    b'{"a\\\\": 1, "a\\\\": 2}',
    b'{"x": "\\u003a\\u003a", "y": {"x": ":"}}',
    b'{"x": "\\u003a", "x": "y"}',
    b'[{"a": 1}, {"a": 1}, {"b": [{"c": 1, "d": {"c": 2}}]}]',
    b'[{"a": 1}, {"a": 1}, {"b": [{"c": 1, "d": {"c": 2}, "c": 3}]}]',
    b'{"\xc3\xa9": 1, "\\u00e9": 2}',
    b'\xef\xbb\xbf{"a": NaN, "b": -Infinity, "a": 1e400}',
    b'{"a": 1, "a": ',
    b'{"a": "x", "b": "\n", "b": 1}',
    b'{"" : 1, "":2}',
]


def test_the_fast_count_misses_no_key_twice_and_refuses_no_body_without_one() -> None:
    """The C-speed count decides which bodies are read again for where their key twice is: a
    body is passed without that reading only where none of its objects holds a key twice."""
    for body in TRICKY:
        assert holds_repeated_key(body) == (repeated_key(body) is not None), body
    rng = __import__("random").Random(0)
    parts = ['"a"', '"b"', '"\\u0061"', '"a:"', '"\\""', '":"', "1", "{}", "[]"]

    def value(depth: int) -> str:
        kind = rng.randrange(4 if depth < 4 else 2)
        if kind < 2:
            return rng.choice(parts[:6] + parts[6:7])
        if kind == 2:
            return "[" + ", ".join(value(depth + 1) for _ in range(rng.randrange(3))) + "]"
        pairs = [f"{rng.choice(parts[:6])}: {value(depth + 1)}" for _ in range(rng.randrange(4))]
        return "{" + ", ".join(pairs) + "}"

    for _ in range(2000):
        body = value(0).encode()
        assert holds_repeated_key(body) == (repeated_key(body) is not None), body


def test_large_bodies_without_a_key_twice_wait_for_no_one_elses_reading() -> None:
    """A script's large bodies that hold a key twice are read one at a time, in Python: another
    client's large body without one is answered while that reading is held, at C speed."""
    legit = {
        "design": {
            "input_shape": [4],
            "layers": [{"id": f"fc{i}", "type": "Linear"} for i in range(2000)],
        }
    }
    body = json.dumps(legit).encode()
    assert len(body) > READ_HERE_BYTES

    scope = {"type": "http", "client": ("10.0.0.2", 1), "state": {"owner": Owner("b", True)}}
    turns = json_text.key_count_turns()

    async def while_held() -> Any:
        held, done = anyio.Event(), anyio.Event()

        async def script() -> None:  # a script's body being read for its key twice
            async with json_text._KEY_READS:
                held.set()
                await done.wait()

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(script)
            await held.wait()
            with anyio.fail_after(10):
                reply = await json_text._repeated_key_reply(body, scope, turns)
            done.set()
        return reply

    assert anyio.run(while_held) is None


def test_an_upload_form_field_sent_twice_is_refused(client: TestClient) -> None:
    files = [
        ("file", ("blobs.csv", blobs_csv(), "text/csv")),
        ("target", (None, "species")),
        ("target", (None, "x1")),
    ]
    reply = client.post("/api/datasets", files=files)
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == (
        "target is sent 2 times: send it once (only drop and class_order may repeat, once for "
        "each column or class)."
    )
    assert client.get("/api/datasets").json() == []


# A number field sent true or false: the field, and what it takes.
BOOLS = [
    ("/api/designs/validate", {"design": {**MLP, "version": True}}, "design.version", "true is not a number: send 1, the design format's version"),
    ("/api/runs", {"design": {**DIGITS_CNN, "version": True}, "training": DIGITS_TRAINING}, "design.version", "true is not a number: send 1, the design format's version"),
    ("/api/designs/validate", {"design": MLP, "batch_size": True}, "batch_size", "true is not a number: send a whole number, such as 64"),
    ("/api/runs", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "epochs": True}}, "training.epochs", "true is not a number: send a whole number"),
    ("/api/runs", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "seed": False}}, "training.seed", "false is not a number: send a whole number"),
    ("/api/runs", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "dataset": "spiral", "dataset_options": {"noise": True}}}, "training.dataset_options.noise", "true is not a number: send a number, such as 10"),
    ("/api/runs", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, "dataset": "spiral", "dataset_options": {"train_share": True}}}, "training.dataset_options.train_share", "true is not a number: send a whole number, such as 80"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "body", "field", "said"), BOOLS)
def test_true_or_false_is_no_number(
    client: TestClient, path: str, body: dict[str, Any], field: str, said: str
) -> None:
    issue = _issue(client.post(path, json=body))
    assert (issue["field"], issue["message"]) == (field, f"{field}: {said}.")


def test_numbers_and_a_querys_number_text_still_pass(client: TestClient) -> None:
    reply = client.post("/api/designs/validate", json={"design": {**MLP, "version": 1}})
    assert reply.status_code == 200 and reply.json()["valid"], reply.text
    preview = client.get("/api/datasets/spiral/preview?noise=10&train_share=60")
    assert preview.status_code == 200, preview.text
