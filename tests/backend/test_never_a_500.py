"""Never a 500: generated designs, wild and nearly right, sent to the real app over HTTP.

Graphs with cycles, edges to layers that do not exist, duplicate ids, unknown types and junk
params all get a clear 4xx with the documented body, or a 2xx when they are in fact fine.
Derandomised, so CI runs the same examples every time and a failure reproduces as it is.
"""

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.backend.conftest import DIGITS_TRAINING
from tests.backend.test_build_properties import layer_params
from torchcanvas.design.catalog import LAYERS

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 70000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Nine times in ten `good`, else `bad`: most examples get past the schema to the checks."""
    return st.integers(0, 9).flatmap(lambda roll: bad if roll == 0 else good)


# A few ids that come again and again (duplicates, edges to them), and some that no layer has.
ids = mostly(st.sampled_from(["a", "b", "c", "input", "ghost"]), st.text(max_size=4))
param_names = st.sampled_from(sorted({p.name for layer in LAYERS for p in layer.params}))
junk_params = st.dictionaries(param_names | st.text(max_size=4), json_values, max_size=3)


@st.composite
def layers(draw: st.DrawFn) -> Any:
    """A catalogue layer with allowed params, or with junk ones, or of an unknown type."""
    spec = draw(st.sampled_from(LAYERS))
    layer = {"id": draw(ids), "type": draw(mostly(st.just(spec.type), json_values))}
    layer["params"] = draw(mostly(layer_params(spec), junk_params))
    return draw(mostly(st.just(layer), json_values))


edges = st.lists(mostly(st.lists(ids, min_size=2, max_size=2), json_values), max_size=6)


@st.composite
def designs(draw: st.DrawFn) -> Any:
    """A design's JSON: mostly the right outline with wrong contents, sometimes not even that."""
    shapes = st.sampled_from([[1, 8, 8], [64]]) | st.lists(st.integers(-2, 70000), max_size=5)
    outline = {
        "version": mostly(st.just(1), json_values),
        "name": mostly(st.text(max_size=8), json_values),
        "input_shape": mostly(shapes, json_values),
        "layers": st.lists(layers(), max_size=5),
    }
    design = draw(mostly(st.fixed_dictionaries(outline, optional={"edges": edges}), json_values))
    if not isinstance(design, dict) or not isinstance(design.get("layers"), list):
        return design
    named = [layer["id"] for layer in design["layers"] if isinstance(layer, dict) and "id" in layer]
    if len(named) >= 2 and draw(st.booleans()):  # a cycle through two layers
        design["edges"] = [*design.get("edges", []), [named[0], named[1]], [named[1], named[0]]]
    return design


def assert_error_body(reply: Any) -> None:
    """A 4xx says what is wrong in `detail`, and lists each issue with its node and field."""
    assert 400 <= reply.status_code < 500, (reply.status_code, reply.text)
    body = reply.json()
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"].strip(), body
    if reply.status_code == 422:
        assert body["errors"], body
    for issue in body["errors"]:
        assert set(issue) == {"node", "field", "message", "fix"}, issue
        assert issue["message"].strip(), issue
        assert issue["node"] is None or isinstance(issue["node"], str), issue


def layer_ids(design: Any) -> set[str]:
    if not isinstance(design, dict) or not isinstance(design.get("layers"), list):
        return set()
    return {str(layer.get("id")) for layer in design["layers"] if isinstance(layer, dict)}


@SETTINGS
@given(design=designs(), batch_size=st.none() | st.integers(-1, 70000))
def test_validate_never_fails_with_a_500(
    client: TestClient, design: Any, batch_size: int | None
) -> None:
    body = {"design": design} | ({} if batch_size is None else {"batch_size": batch_size})
    reply = client.post("/api/designs/validate", json=body)
    if reply.status_code != 200:
        assert_error_body(reply)
        return
    result = reply.json()
    assert {"valid", "nodes", "total_params", "errors"} <= set(result)
    assert result["valid"] == (result["errors"] == [])
    assert {e["node"] for e in result["errors"]} - {None} <= layer_ids(design)
    assert set(result["nodes"]) <= layer_ids(design)
    assert result["total_params"] == sum(n["params"] for n in result["nodes"].values())


@SETTINGS
@given(design=designs())
def test_code_never_fails_with_a_500(client: TestClient, design: Any) -> None:
    reply = client.post("/api/designs/code", json={"design": design})
    if reply.status_code != 200:
        assert_error_body(reply)
        return
    assert reply.headers["content-type"].startswith("text/x-python")
    assert "class Net(nn.Module)" in reply.text
    compile(reply.text, "net.py", "exec")  # the file a user downloads is Python that parses


@SETTINGS
@given(
    design=designs(),
    training=st.just(DIGITS_TRAINING)
    | st.dictionaries(st.sampled_from(sorted(DIGITS_TRAINING)), json_values).map(
        lambda junk: DIGITS_TRAINING | junk
    )
    | json_values,
)
def test_starting_a_run_never_fails_with_a_500(
    client: TestClient, design: Any, training: Any
) -> None:
    reply = client.post("/api/runs", json={"design": design, "training": training})
    if reply.status_code != 201:
        assert_error_body(reply)
        return
    assert set(reply.json()) == {"id", "warnings"}
    run_id = reply.json()["id"]
    assert isinstance(run_id, str) and run_id
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200  # keep the worker free


def test_a_body_json_cannot_read_says_what_is_wrong_with_it(client: TestClient) -> None:
    unreadable = {
        b"[" * 100_000 + b"]" * 100_000: "The body nests too deeply to read: send JSON nested "
        "at most a few hundred levels.",
        b'{"design": "\xff\xfe"}': "The body is not UTF-8 (invalid start byte at byte 12): "
        "send JSON as UTF-8.",
        b'{"design": ' + b"9" * 5000 + b"}": "A number in the body has more than 4300 digits: "
        "send numbers of at most 4300.",
        b'{"design":\n  {"version" 1}}': "The body is not valid JSON: Expecting ':' delimiter at "
        "line 2, column 14: fix it there.",
        b"{'design': 1}": "The body is not valid JSON: Expecting property name enclosed in double "
        "quotes at line 1, column 2: fix it there.",
    }
    for body, message in unreadable.items():
        reply = client.post(
            "/api/designs/validate", content=body, headers={"content-type": "application/json"}
        )
        assert (reply.status_code, reply.json()["detail"]) == (400, message)


def test_a_body_that_is_no_json_object_says_what_it_is(client: TestClient) -> None:
    json_type = {"content-type": "application/json"}
    empty = "The body is empty: send a JSON object, with Content-Type: application/json."
    not_object = "not a JSON object: send an object, {...}."
    as_json = "send it as JSON, with Content-Type: application/json."
    for body, headers, status, message in [
        (b"", json_type, 422, empty),
        (b"[1, 2]", json_type, 422, f"The body is a list, {not_object}"),
        (b'"design"', json_type, 422, f"The body is text, {not_object}"),
        (b"null", json_type, 422, f"The body is null, {not_object}"),  # it said "NoneType"
        (b"true", json_type, 422, f"The body is true or false, {not_object}"),
        (b"{}", {"content-type": "text/plain"}, 415, f"The body was sent as text/plain: {as_json}"),
        (b"{}", {}, 415, f"The body came with no Content-Type: {as_json}"),
    ]:
        reply = client.post("/api/designs/validate", content=body, headers=headers)
        assert (reply.status_code, reply.json()["detail"]) == (status, message), body


def test_a_whole_number_too_long_to_read_says_so(client: TestClient) -> None:
    """1e30 for a sample's size: "Unable to parse input string as an integer, exceeded maximum
    size" named neither what was sent nor what to do."""
    body = b'{"design": {"version": 1, "name": "n", "input_shape": [1e30], "layers": []}}'
    reply = client.post(
        "/api/designs/validate", content=body, headers={"content-type": "application/json"}
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == (
        "The request is not valid: design.input_shape.0: 1e+30 is far too large a number: give a whole "
        "number within the field's bounds: one sample's shape as 1 to 4 whole numbers, such as "
        "[1, 8, 8]."
    )


def deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


def test_a_param_nested_hundreds_deep_is_refused_with_what_a_param_may_be(
    client: TestClient,
) -> None:
    # The body reader takes JSON this deep, but saving a design holding it failed (Pydantic writes
    # 255 levels at most): a 500, and no run. Params are numbers, text, true/false, short lists.
    design = {
        "version": 1,
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 10, "x": deep(300)}},
        ],
    }
    for path, body in [
        ("/api/designs/validate", {"design": design}),
        ("/api/designs/code", {"design": design}),
        ("/api/runs", {"design": design, "training": DIGITS_TRAINING}),
    ]:
        reply = client.post(path, json=body)
        assert reply.status_code == 422, (path, reply.text)
        assert_error_body(reply)
        [issue] = reply.json()["errors"]
        assert (issue["node"], issue["message"]) == (
            "fc",
            "design.layers.1.params: The value of x is lists or objects 300 levels deep, over the "
            "4 a param may take: give a number, text, true or false, or a list.",
        ), issue
    for deep_settings in [
        {"optimizer_params": {"betas": deep(260)}},
        {"augmentations": {"RandomCrop": {"padding": deep(5)}}},
        {"loss_params": {"weight": deep(256)}},
    ]:
        body = {"design": design | {"layers": design["layers"][:1]}}
        training = DIGITS_TRAINING | deep_settings
        reply = client.post("/api/runs", json=body | {"training": training})
        assert reply.status_code == 422, (deep_settings, reply.text)
        assert "levels deep, over the 4 a param may take" in reply.text
    assert client.get("/api/runs").json() == []  # nothing was saved
