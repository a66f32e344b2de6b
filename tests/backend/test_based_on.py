"""A run made from an earlier one (the editor opened from that run's page) keeps which one
(Run.based_on), so that its page can draw that run's curves beside its own; only the caller's own
earlier run is kept, and a share link's view never names it."""

from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for

ONE_EPOCH = {**DIGITS_TRAINING, "epochs": 1}


def _create(client: TestClient, **fields: Any) -> dict[str, Any]:
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": ONE_EPOCH, **fields})
    assert reply.status_code == 201, reply.text
    created: dict[str, Any] = reply.json()
    return created


def _based_on_warnings(created: dict[str, Any]) -> list[str]:
    return [w["message"] for w in created["warnings"] if w["field"] == "based_on"]


def test_a_run_made_from_an_earlier_one_keeps_it(client: TestClient) -> None:
    earlier = _create(client)["id"]
    wait_for(client, earlier, {"succeeded"})
    created = _create(client, based_on=earlier, training={**ONE_EPOCH, "lr": 0.003})
    assert _based_on_warnings(created) == []
    run = client.get(f"/api/runs/{created['id']}").json()
    assert run["based_on"] == earlier
    listed = {r["id"]: r for r in client.get("/api/runs").json()}
    assert listed[created["id"]]["based_on"] == earlier
    assert listed[earlier]["based_on"] is None  # made from scratch
    assert wait_for(client, created["id"], {"succeeded"})["based_on"] == earlier

    # A share link's view (what a visitor reads) says nothing of the earlier run.
    url = client.post(f"/api/runs/{created['id']}/shares", json={}).json()["url"]
    shared = client.get(f"/api/shared/{url.rsplit('/', 1)[1]}")
    assert shared.status_code == 200, shared.text
    assert "based_on" not in shared.json() and earlier not in shared.text


def test_an_unknown_or_another_s_earlier_run_is_left_out_and_said(client: TestClient) -> None:
    stranger = TestClient(client.app)
    theirs = _create(stranger)["id"]
    for based_on in (theirs, "0123456789abcdef"):
        created = _create(client, based_on=based_on)
        assert _based_on_warnings(created) == [
            f"Run {based_on}, which this design was opened from, is not one of your runs "
            "(deleted, or another browser's): this run is not compared with it. Pick a run to "
            "compare with on this run's page."
        ]
        assert client.get(f"/api/runs/{created['id']}").json()["based_on"] is None
        wait_for(client, created["id"], {"succeeded"})
    wait_for(stranger, theirs, {"succeeded"})


def test_a_based_on_that_is_no_run_id_gets_a_4xx(client: TestClient) -> None:
    for bad in ("../etc", "X" * 16, "0123", 7):
        reply = client.post(
            "/api/runs", json={"design": DIGITS_CNN, "training": ONE_EPOCH, "based_on": bad}
        )
        assert reply.status_code == 422, reply.text
        assert reply.json()["detail"].startswith("The request is not valid: based_on: "), reply.text
