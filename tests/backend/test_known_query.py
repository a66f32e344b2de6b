"""A query parameter that the operation does not read is a 422 that names it and the ones the
operation takes (api/known_query.py), on every API operation of the schema: a misspelt
`?stauts=failed` listed every run, as if nothing had been asked."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.test_run_search import _record

BOGUS = "stauts"
BODIES = ("post", "put", "patch")  # a name meant for the body may have gone to the query


def _operations(client: TestClient) -> list[tuple[str, str, list[str]]]:
    """Each operation of the schema under /api, and the names of its query parameters, as the
    schema lists them."""
    schema: dict[str, Any] = client.get("/openapi.json").json()
    return [
        (path, method, [p["name"] for p in op.get("parameters", []) if p["in"] == "query"])
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if path.startswith("/api/")
    ]


def test_a_misspelt_parameter_is_refused_and_names_the_right_ones(client: TestClient) -> None:
    run_id = _record(client, name="kept")
    reply = client.get("/api/runs", params={BOGUS: "failed"})
    assert reply.status_code == 422, reply.text
    detail = reply.json()["detail"]
    assert detail == (
        f"{BOGUS}: not a query parameter of GET /api/runs, which takes limit, offset, group, q, "
        "before, status, dataset and kind."
    )
    assert reply.json()["errors"] == [
        {"node": None, "field": BOGUS, "message": detail, "fix": None}
    ]
    # The names it takes are read as before, and the run is still listed.
    listed = client.get("/api/runs", params={"status": "queued", "limit": 5, "q": "kept"})
    assert listed.status_code == 200, listed.text
    assert [run["id"] for run in listed.json()] == [run_id]


def test_every_operation_takes_the_parameters_its_schema_lists_and_no_other(
    client: TestClient,
) -> None:
    """Refused before anything else looks at the request: the ids in the path need not exist."""
    operations = _operations(client)
    assert len(operations) >= 60, operations
    origin = {"Origin": str(client.base_url)}
    for path, method, names in operations:
        filled = re.sub(r"\{[a-z_]+\}", "0123456789abcdef", path)
        reply = client.request(method, filled, params={BOGUS: "1"}, headers=origin)
        operation = f"{method.upper()} {path}"
        assert reply.status_code == 422, (operation, reply.status_code, reply.text)
        detail = reply.json()["detail"]
        body = "; send the body's fields in the body, not the query" if method in BODIES else ""
        if names:
            takes = re.fullmatch(
                rf"{BOGUS}: not a query parameter of {re.escape(operation)}, which takes "
                rf"(.*){re.escape(body)}\.",
                detail,
            )
            assert takes is not None, detail
            said = takes.group(1).replace(" and ", ", ").split(", ")
            assert sorted(said) == sorted(names), (operation, said, names)
        else:
            assert detail == f"{BOGUS}: {operation} takes no query parameters; leave it out{body}."


def test_a_query_model_s_fields_are_its_parameters(client: TestClient) -> None:
    """The preview's dataset options come as one model: its fields are what it takes."""
    base = "/api/datasets/moons/preview"
    assert client.get(base, params={"noise": "0.1", "test_fraction": "0.2"}).status_code == 200
    reply = client.get(base, params={"noise": "0.1", "points": "5", "size": "9"})
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == (
        "points (and 1 more): not a query parameter of GET /api/datasets/{dataset_id}/preview, "
        "which takes noise, train_share, features and test_fraction."
    )


def test_a_parameter_of_one_value_given_twice_is_refused(client: TestClient) -> None:
    """FastAPI took the last of `?limit=1&limit=2` and dropped the other unsaid; a list
    (`status`) takes each."""
    reply = client.get("/api/runs?limit=1&limit=2")
    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"] == "limit: sent 2 times; send it once (only status may repeat)."
    assert client.get("/api/runs?status=failed&status=queued").status_code == 200
    opset = client.get("/api/runs/0123456789abcdef/files/model.onnx?opset=13&opset=14")
    assert opset.status_code == 422, opset.text
    assert opset.json()["detail"] == "opset: sent 2 times; send it once."


def test_a_long_name_is_cut_short_and_blank_names_are_nothing(client: TestClient) -> None:
    long = "x" * 5000
    reply = client.get(f"/api/health?{long}=1")
    assert reply.status_code == 422
    assert (
        reply.json()["detail"]
        == f"{'x' * 40}…: GET /api/health takes no query parameters; leave it out."
    )
    assert client.get("/api/health?&=1&").status_code == 200


@pytest.mark.parametrize("path", ["/", "/runs"])
def test_the_app_s_pages_keep_their_own_addresses(client: TestClient, path: str) -> None:
    """Only the API refuses: a page's query (the runs page's filters) is the frontend's."""
    assert client.get(path, params={"status": "failed", "whatever": "1"}).status_code == 200


def test_the_schema_documents_the_422_on_every_api_operation(client: TestClient) -> None:
    schema: dict[str, Any] = client.get("/openapi.json").json()
    missing = [
        (method, path)
        for path, ops in schema["paths"].items()
        if path.startswith("/api/")
        for method, op in ops.items()
        if "422" not in op["responses"]
    ]
    assert missing == []
