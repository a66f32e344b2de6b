"""Runs started together (one per value of a sweep) carry their name and a shared group, and
the list of runs gives a group's runs alone."""

from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for


def _start(client: TestClient, **fields: Any) -> str:
    training = {**DIGITS_TRAINING, "epochs": 1, "lr": fields.pop("lr", 0.01)}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training, **fields})
    assert reply.status_code == 201, reply.text
    run_id: str = reply.json()["id"]
    return run_id


def test_a_sweep_s_runs_are_named_grouped_and_listed_together(client: TestClient) -> None:
    swept = [
        _start(client, lr=lr, name=f"digits-cnn lr={lr:g}", group=" sweep-a ")
        for lr in (1e-3, 1e-2)
    ]
    alone = _start(client)
    stranger = TestClient(client.app)
    _start(stranger, group="sweep-a")  # another owner's group of the same name stays theirs

    listed = client.get("/api/runs", params={"group": "sweep-a"}).json()
    assert [run["id"] for run in listed] == swept[::-1]  # newest first, as every list of runs
    assert [run["name"] for run in listed] == ["digits-cnn lr=0.01", "digits-cnn lr=0.001"]
    assert [run["training"]["lr"] for run in listed] == [1e-2, 1e-3]
    assert {run["group"] for run in listed} == {"sweep-a"}
    assert client.get("/api/runs", params={"group": "sweep-b"}).json() == []
    everything = {run["id"]: run for run in client.get("/api/runs").json()}
    assert set(swept) | {alone} <= set(everything)
    assert (everything[alone]["group"], everything[alone]["name"]) == (None, None)

    for run_id in swept:
        ended = wait_for(client, run_id, {"succeeded", "failed"})
        assert (ended["status"], ended["group"]) == ("succeeded", "sweep-a")


def test_a_bad_group_or_name_gets_a_4xx(client: TestClient) -> None:
    training = {**DIGITS_TRAINING, "epochs": 1}
    too_long = client.post(
        "/api/runs", json={"design": DIGITS_CNN, "training": training, "group": "g" * 201}
    )
    assert too_long.status_code == 422
    assert too_long.json()["detail"] == (
        "The request is not valid: group: String should have at most 200 characters."
    )
    hidden = client.post(
        "/api/runs", json={"design": DIGITS_CNN, "training": training, "name": "lr\u202e=1"}
    )
    assert hidden.status_code == 422
    assert "U+202E at position 3" in hidden.json()["detail"]
    long_query = client.get("/api/runs", params={"group": "g" * 201})
    assert long_query.status_code == 422


def test_the_catalog_says_how_many_runs_may_be_active(client: TestClient) -> None:
    assert client.get("/api/catalog").json()["max_active_runs"] == 20
