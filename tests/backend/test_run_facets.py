"""GET /api/run-facets: the datasets, sweeps and kinds among all of the caller's runs (what the
runs page's filters offer), newest first, the caller's alone, damaged runs left out."""

import sqlite3
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import open_client
from tests.backend.test_run_search import _record


def _facets(client: TestClient) -> dict[str, Any]:
    reply = client.get("/api/run-facets")
    assert reply.status_code == 200, reply.text
    facets: dict[str, Any] = reply.json()
    return facets


def test_the_facets_are_the_callers_runs_datasets_sweeps_and_kinds(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        assert _facets(client) == {"datasets": [], "groups": [], "range_tests": False}
        _record(client, name="first", group="lr sweep")
        _record(client, name="on wine", dataset="wine", group="width sweep")
        _record(client, dataset="upload-0123456789ab", dataset_title="machines.csv")
        _record(
            client, name="again", dataset="upload-0123456789ab", dataset_title="machines v2.csv"
        )
        _record(client, name="lr again", group="lr sweep")
        stranger = TestClient(client.app)
        _record(stranger, dataset="moons", group="theirs", range_test={"steps": 20})
        damaged = _record(client, dataset="diabetes", group="broken", range_test={"steps": 20})
        db = sqlite3.connect(tmp_path / "torchcanvas.db")
        with db:
            db.execute("UPDATE runs SET metrics = '{' WHERE id = ?", (damaged,))
        db.close()

        facets = _facets(client)
        assert facets["datasets"] == [  # newest first, each with its newest run's title
            {"name": "digits", "title": None},
            {"name": "upload-0123456789ab", "title": "machines v2.csv"},
            {"name": "wine", "title": None},
        ]
        assert facets["groups"] == ["lr sweep", "width sweep"]
        assert facets["range_tests"] is False  # the stranger's and the damaged one's are not

        _record(client, name="range", dataset="wine", range_test={"steps": 20})
        facets = _facets(client)
        assert facets["range_tests"] is True
        assert [d["name"] for d in facets["datasets"]] == ["wine", "digits", "upload-0123456789ab"]
        # Each one a filter of GET /api/runs keeps runs by.
        for dataset in facets["datasets"]:
            assert client.get("/api/runs", params={"dataset": dataset["name"]}).json()
        for group in facets["groups"]:
            assert client.get("/api/runs", params={"group": group}).json()
