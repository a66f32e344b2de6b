"""A message repeats an id at most SHOWN_ID_CHARS long (problems.py): a 404 for a 60,000-character
id in the path says which it was cut from, in a reply of a few hundred bytes, not 60 KB."""

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import start_run
from torchcanvas.problems import SHOWN_ID_CHARS

LONG_ID = "a" * 60_000
SHOWN = "a" * (SHOWN_ID_CHARS - 1) + "…"
# Each path that repeats an id it does not know; {run} is one of the caller's runs, {class} one
# of its classes, where the long id is the second one the path names.
MISSING = [
    ("get", "/api/runs/{id}"),
    ("get", "/api/datasets/{id}"),
    ("get", "/api/datasets/{id}/source"),
    ("get", "/api/classes/{id}"),
    ("delete", "/api/classes/{class}/entries/{id}"),
    ("delete", "/api/runs/{run}/shares/{id}"),
]


@pytest.mark.parametrize(("method", "path"), MISSING, ids=[path for _, path in MISSING])
def test_an_unknown_long_id_is_shown_cut_short(client: TestClient, method: str, path: str) -> None:
    run = start_run(client, epochs=1) if "{run}" in path else ""
    code = (
        client.post("/api/classes", json={"name": "a class"}).json()["code"]
        if "{class}" in path
        else ""
    )
    url = path.format(id=LONG_ID, run=run, **{"class": code})
    reply = client.request(method, url)
    assert reply.status_code == 404, reply.text[:300]
    assert SHOWN in reply.json()["detail"] and "a" * SHOWN_ID_CHARS not in reply.text
    assert len(reply.content) < 1000


def test_a_wrong_method_on_a_long_path_shows_the_path_cut_short(client: TestClient) -> None:
    reply = client.put(f"/api/runs/{LONG_ID}")
    assert reply.status_code == 405, reply.text[:300]
    assert reply.json()["detail"].startswith("/api/runs/aaaa")
    assert "a" * SHOWN_ID_CHARS not in reply.text and len(reply.content) < 1000
