"""GET /api/runs?q= finds the caller's runs by name (or design's name), note, id prefix and
dataset title: case does not matter, % and _ are letters, and it goes with group and paging;
?status= keeps the runs in the states given, ?dataset= those trained on a dataset, ?kind= training
runs or range tests alone."""

import secrets
import sqlite3
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from torchcanvas.api.access import OWNER_COOKIE, owner_identity
from torchcanvas.api.services import Services
from torchcanvas.design.schema import Design
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.run_labels import RunLabels
from torchcanvas.store.runs import RunStore
from torchcanvas.training.settings import TrainingSettings


def _record(
    client: TestClient,
    name: str | None = None,
    note: str | None = None,
    design_name: str = "digits-cnn",
    dataset_title: str | None = None,
    group: str | None = None,
    **training: Any,
) -> str:
    """A queued run of the client's owner, recorded without training (what is listed is what
    is searched), with `training` over DIGITS_TRAINING's settings."""
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    store, run_id = RunStore(services.db), secrets.token_hex(8)
    design = Design.model_validate({**DIGITS_CNN, "name": design_name})
    settings = TrainingSettings.model_validate({**DIGITS_TRAINING, **training})
    store.create(run_id, design, settings, dataset_title, None, group)
    store.label(run_id, RunLabels(name=name, note=note))
    if OWNER_COOKIE not in client.cookies:
        client.get("/api/runs")  # the server gives the owner cookie
    OwnerStore(services.db).record(run_id, owner_identity(client.cookies[OWNER_COOKIE]))
    return run_id


def _found(client: TestClient, q: str, **params: str | int) -> list[str]:
    reply = client.get("/api/runs", params={"q": q, **params})
    assert reply.status_code == 200, reply.text
    return [run["id"] for run in reply.json()]


def test_runs_are_found_by_name_note_id_and_dataset(client: TestClient) -> None:
    baseline = _record(client, name="baseline lr 1e-3")
    noted = _record(client, name="second try", note="Same as before, but sample_id dropped.")
    designed = _record(client, design_name="Tiny MLP")  # no name of its own: its design's shows
    uploaded = _record(client, name="on my table", dataset_title="machines.csv")
    percent = _record(client, name="keep 50% of rows")
    stranger = TestClient(client.app)
    theirs = _record(stranger, name="baseline lr 1e-3 too")

    assert _found(client, "baseline LR 1E-3") == [baseline]  # case does not matter
    assert _found(client, "  baseline  ") == [baseline]  # spaces around are left out
    assert _found(client, "SAMPLE_ID dropped") == [noted]
    assert _found(client, "tiny mlp") == [designed]
    assert _found(client, "machines.CSV") == [uploaded]
    assert _found(client, uploaded[:5].upper()) == [uploaded]  # an id by its start
    assert _found(client, uploaded[3:9]) == []  # not by its middle
    assert _found(client, "50%") == [percent]  # % and _ are letters, not wildcards
    assert _found(client, "%") == [percent]
    assert _found(client, "_") == [noted]
    assert _found(client, "nothing like it") == []
    assert _found(stranger, "baseline") == [theirs]  # another's runs are theirs alone
    everything = _found(client, "")
    assert everything == [percent, uploaded, designed, noted, baseline]  # blank: all, newest first
    assert _found(client, "   ") == everything


def test_a_search_goes_with_group_and_paging(client: TestClient) -> None:
    found = [_record(client, name=f"sweep lr {i}", group="sweep-a") for i in range(5)]
    _record(client, name="sweep lr 9")  # found, but in no group
    _record(client, name="other", group="sweep-a")  # in the group, but not found
    newest_first = found[::-1]
    assert _found(client, "sweep lr", group="sweep-a") == newest_first
    assert _found(client, "sweep lr", group="sweep-a", limit=2) == newest_first[:2]
    assert _found(client, "sweep lr", group="sweep-a", limit=2, offset=2) == newest_first[2:4]
    assert _found(client, "sweep lr", group="sweep-a", offset=4) == newest_first[4:]
    # A blank group is none, as a blank q: every run found, in a group or not.
    assert _found(client, "sweep lr", group="") == _found(client, "sweep lr")


def test_a_bad_query_gets_a_422_naming_it(client: TestClient) -> None:
    long = client.get("/api/runs", params={"q": "x" * 101})
    assert long.status_code == 422
    assert long.json()["detail"] == (
        "The request is not valid: q: String should have at most 100 characters."
    )
    hidden = client.get("/api/runs", params={"q": "lr\x00"})
    assert hidden.status_code == 422
    assert hidden.json()["detail"].startswith("The request is not valid: q: ")
    assert "U+0000 at position 3" in hidden.json()["detail"]
    assert client.get("/api/runs", params={"q": "x" * 100}).status_code == 200


def _in_states(client: TestClient, *states: str, **params: str | int) -> list[str]:
    reply = client.get("/api/runs", params={"status": list(states), **params})
    assert reply.status_code == 200, reply.text
    assert {run["status"] for run in reply.json()} <= set(states)
    return [run["id"] for run in reply.json()]


def test_runs_are_kept_by_status_with_search_and_paging(client: TestClient) -> None:
    store = RunStore(client.app.state.services.db)  # type: ignore[attr-defined]
    client = TestClient(client.app)  # a browser of its own: the module's has runs of other tests
    queued = _record(client, name="lr 1")
    failed = _record(client, name="lr 2")
    done = [_record(client, name=f"lr {n}") for n in (3, 4, 5)]
    running = _record(client, name="lr 6")
    store.mark_ended(failed, "failed", "It broke.")
    for run_id in done:
        store.mark_ended(run_id, "succeeded", None)
    store.mark_started(running, "cpu")
    stranger = TestClient(client.app)
    store.mark_ended(_record(stranger, name="lr 7"), "succeeded", None)  # another browser's

    newest_done = done[::-1]
    assert _in_states(client, "succeeded") == newest_done
    assert _in_states(client, "queued", "running", "paused") == [running, queued]  # not ended
    assert _in_states(client, "failed", "succeeded") == [*newest_done, failed]
    assert _in_states(client, "succeeded", q="lr 4") == [done[1]]
    assert _in_states(client, "succeeded", limit=2) == newest_done[:2]
    assert _in_states(client, "succeeded", before=newest_done[1]) == newest_done[2:]
    assert _in_states(client, "cancelled") == []
    every = client.get("/api/runs").json()
    assert len(every) == 6  # no status: every run of the caller's


def _listed(client: TestClient, **params: str | int) -> list[str]:
    reply = client.get("/api/runs", params=params)
    assert reply.status_code == 200, reply.text
    return [run["id"] for run in reply.json()]


def test_runs_are_kept_by_dataset_and_kind_with_status_and_paging(client: TestClient) -> None:
    client = TestClient(client.app)  # a browser of its own: the module's has runs of other tests
    digits = [_record(client, name=f"digits {n}") for n in range(3)]
    wine = _record(client, name="wine", dataset="wine")
    range_test = _record(client, name="range", range_test={"steps": 20})
    wine_range = _record(client, name="wine range", dataset="wine", range_test={"steps": 20})
    _record(TestClient(client.app), name="theirs", dataset="wine")  # another browser's
    store = RunStore(client.app.state.services.db)  # type: ignore[attr-defined]
    store.mark_ended(digits[0], "failed", "It broke.")

    assert _listed(client, dataset="wine") == [wine_range, wine]
    assert _listed(client, dataset=" wine ") == [wine_range, wine]  # trimmed, as the group
    assert _listed(client, dataset="digits", kind="training") == [*digits[::-1]]
    assert _listed(client, kind="range-test") == [wine_range, range_test]
    assert _listed(client, kind="training", dataset="wine") == [wine]
    assert _listed(client, dataset="digits", status="failed") == [digits[0]]
    assert _listed(client, dataset="digits", kind="training", limit=2) == digits[:0:-1]
    assert _listed(client, dataset="digits", before=digits[1]) == [digits[0]]
    assert _listed(client, dataset="moons") == []
    assert len(_listed(client, dataset="")) == 6  # blank: every run, as a blank group
    reply = client.get("/api/runs", params={"kind": "sweep"})
    assert reply.status_code == 422
    assert reply.json()["detail"].startswith("The request is not valid: kind"), reply.text


def test_an_unknown_status_gets_a_422_naming_the_states(client: TestClient) -> None:
    reply = client.get("/api/runs", params={"status": "finished"})
    assert reply.status_code == 422
    detail = reply.json()["detail"]
    assert detail.startswith("The request is not valid: status"), detail
    assert "'succeeded'" in detail and "'cancelled'" in detail, detail


def test_a_damaged_run_fails_no_search(tmp_path: Path) -> None:
    from tests.backend.conftest import open_client

    with open_client(tmp_path) as client:
        fine = _record(client, name="fine run")
        damaged = _record(client, name="fine too")
        db = sqlite3.connect(tmp_path / "torchcanvas.db")
        with db:
            db.execute(
                "UPDATE runs SET design = '{\"name\": 5', training = 'x' WHERE id = ?", (damaged,)
            )
        db.close()
        assert _found(client, "fine") == [fine]  # the damaged one is left out, as in the list
        assert _found(client, "digits") == [fine]
        assert _listed(client, dataset="digits") == [fine]
        assert _listed(client, kind="training") == [fine]
