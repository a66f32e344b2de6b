"""Classes: a teacher's code, students hand their runs in with it, the teacher's page reads them."""

import re
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import torchcanvas.store.classes as classes
from tests.backend.conftest import LONG, LongRuns, start_run, wait_for
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.store.class_records import RunLeft
from torchcanvas.store.removal import forget_run


@pytest.fixture(scope="module")
def student(client: TestClient) -> TestClient:
    return TestClient(client.app)  # its own cookie jar: another browser


@pytest.fixture(scope="module")
def homework(student: TestClient) -> str:
    """The student's trained run, named as students name theirs."""
    run_id = start_run(student, epochs=1)
    wait_for(student, run_id, {"succeeded"})
    renamed = student.patch(f"/api/runs/{run_id}", json={"name": "my homework net"})
    assert renamed.status_code == 200, renamed.text
    return run_id


def new_class(teacher: TestClient, name: str = "Period 3") -> str:
    reply = teacher.post("/api/classes", json={"name": name})
    assert reply.status_code == 201, reply.text
    code: str = reply.json()["code"]
    return code


def hand_in(student: TestClient, run_id: str, code: str, name: str = "Ana") -> Any:
    return student.post(f"/api/runs/{run_id}/hand-in", json={"code": code, "student_name": name})


def entries(teacher: TestClient, code: str) -> list[dict[str, Any]]:
    reply = teacher.get(f"/api/classes/{code}")
    assert reply.status_code == 200, reply.text
    found: list[dict[str, Any]] = reply.json()["entries"]
    return found


def test_a_teacher_sees_the_runs_handed_in(
    client: TestClient, student: TestClient, homework: str
) -> None:
    teacher = client
    code = new_class(teacher)
    assert re.fullmatch(f"[{classes.ALPHABET}]{{6}}", code)
    assert [c["code"] for c in teacher.get("/api/classes").json()] == [code]
    assert entries(teacher, code) == []

    # Typed as a student might: lower case, with a dash.
    typed = f"{code[:3].lower()}-{code[3:].lower()}"
    reply = hand_in(student, homework, typed, name="  Ana ")
    assert reply.status_code == 201, reply.text
    assert reply.json()["class_name"] == "Period 3"
    assert reply.json()["student_name"] == "Ana"

    [entry] = entries(teacher, code)
    assert entry["student_name"] == "Ana"
    assert entry["run_name"] == "my homework net"
    assert entry["dataset"] == "Handwritten digits (8×8)"
    assert entry["status"] == "succeeded"
    assert entry["epoch"] == 1 and entry["epochs"] == 1
    assert 0 <= entry["val_accuracy"] <= 1
    # The link opens the run's shared page, named with its student.
    shared = teacher.get("/api/shared/" + entry["link"].removeprefix("/s/"))
    assert shared.status_code == 200, shared.text
    assert shared.json()["name"] == "Ana's run 'my homework net'"
    assert shared.json()["run_id"] is None
    assert teacher.get(entry["link"]).status_code == 200  # the page itself

    # The student sees the link among the run's, marked; and where the run is handed in.
    shares = student.get(f"/api/runs/{homework}/shares").json()
    assert [s["handed_in_to"] for s in shares if s["revoked_at"] is None] == ["Period 3"]
    handed = student.get(f"/api/runs/{homework}/hand-ins").json()
    assert [(h["class_name"], h["student_name"]) for h in handed] == [("Period 3", "Ana")]

    # Only the teacher's browser reads the class: the student, who knows the code, gets 404.
    for url in (f"/api/classes/{code}",):
        refused = student.get(url)
        assert refused.status_code == 404, refused.text
        assert f"none of this browser's classes has the code {code}." in refused.json()["detail"]
    assert student.get("/api/classes").json() == []
    assert student.delete(f"/api/classes/{code}").status_code == 404
    assert student.delete(f"/api/classes/{code}/entries/{entry['id']}").status_code == 404
    assert len(entries(teacher, code)) == 1


def test_handing_in_again_replaces_the_entry(
    client: TestClient, student: TestClient, homework: str
) -> None:
    code = new_class(client, "Replaced")
    assert hand_in(student, homework, code, "Ana").status_code == 201
    first = entries(client, code)[0]
    assert hand_in(student, homework, code, "Ana B.").status_code == 201
    [entry] = entries(client, code)
    assert entry["student_name"] == "Ana B."
    assert client.get("/api/shared/" + first["link"].removeprefix("/s/")).status_code == 410


def test_wrong_input_gets_a_clear_4xx(
    client: TestClient, student: TestClient, homework: str
) -> None:
    wrong = hand_in(student, homework, "ZZZZ99")
    assert wrong.status_code == 404, wrong.text
    assert wrong.json()["detail"].startswith(
        "No class has the code ZZZZ99: check the code your teacher gave you"
    )
    code = new_class(client, "Names")
    for name in ("", "   ", "x" * 61):
        refused = hand_in(student, homework, code, name)
        assert refused.status_code == 422, (name, refused.text)
        assert "student_name" in refused.json()["detail"]
        if name.strip() == "":  # said as blank, not "String should have at least 1 character"
            assert refused.json()["detail"] == (
                "The request is not valid: student_name: is blank: type some text that shows."
            )
    assert client.post("/api/classes", json={"name": ""}).status_code == 422
    assert client.post("/api/classes", json={"name": "x" * 81}).status_code == 422
    # A run that is not the caller's: 403, as the other owner-only actions.
    theirs = hand_in(client, homework, code)
    assert theirs.status_code == 403, theirs.text
    assert theirs.json()["detail"].startswith(f"Only the browser that started run {homework} can")
    assert entries(client, code) == []
    # A range test keeps no model, running or ended: the page offers no Hand in, nor does the API.
    ranged = start_run(student, range_test={"steps": 5})
    refused = hand_in(student, ranged, code)
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"] == (
        f"Run {ranged} is a learning-rate range test: it keeps no model to hand in. Train a run "
        "at the rate it suggests, and hand in that run."
    )
    wait_for(student, ranged, {"succeeded", "failed"})
    assert hand_in(student, ranged, code).status_code == 409
    assert entries(client, code) == []
    # A cross-site page cannot create a class with the teacher's cookie.
    foreign = client.post("/api/classes", json={"name": "evil"}, headers={"Origin": "null"})
    assert foreign.status_code == 403


def test_limits(
    client: TestClient, student: TestClient, homework: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = TestClient(client.app)
    monkeypatch.setattr(classes, "MAX_CLASSES_PER_TEACHER", 2)
    code = new_class(teacher, "One")
    new_class(teacher, "Two")
    full = teacher.post("/api/classes", json={"name": "Three"})
    assert full.status_code == 409, full.text
    assert "2 open classes" in full.json()["detail"]

    monkeypatch.setattr(classes, "MAX_ENTRIES_PER_CLASS", 1)
    other = start_run(student, epochs=1)
    assert hand_in(student, homework, code).status_code == 201
    refused = hand_in(student, other, code)
    assert refused.status_code == 409, refused.text
    assert "holds 1 runs" in refused.json()["detail"]
    assert hand_in(student, homework, code, "Ana again").status_code == 201  # a replacement
    wait_for(student, other, {"succeeded"})


def test_revoking_the_link_takes_the_run_out_of_the_class(
    client: TestClient, student: TestClient, homework: str
) -> None:
    code = new_class(client, "Revoked")
    share_id = hand_in(student, homework, code).json()["share_id"]
    assert len(entries(client, code)) == 1
    gone = student.delete(f"/api/runs/{homework}/shares/{share_id}")
    assert gone.status_code == 204
    assert entries(client, code) == []
    assert [c["entries"] for c in client.get("/api/classes").json() if c["code"] == code] == [0]
    handed = student.get(f"/api/runs/{homework}/hand-ins").json()
    assert "Revoked" not in [h["class_name"] for h in handed]
    # The teacher removing an entry revokes its link.
    assert hand_in(student, homework, code).status_code == 201
    [entry] = entries(client, code)
    assert client.delete(f"/api/classes/{code}/entries/{entry['id']}").status_code == 204
    assert entries(client, code) == []
    link = "/api/shared/" + entry["link"].removeprefix("/s/")
    assert client.get(link).status_code == 410


def test_ending_the_class_revokes_its_links(
    client: TestClient, student: TestClient, homework: str
) -> None:
    code = new_class(client, "Ended")
    assert hand_in(student, homework, code).status_code == 201
    [entry] = entries(client, code)
    assert client.delete(f"/api/classes/{code}").status_code == 204
    assert client.get(f"/api/classes/{code}").status_code == 404
    assert code not in [c["code"] for c in client.get("/api/classes").json()]
    assert client.get("/api/shared/" + entry["link"].removeprefix("/s/")).status_code == 410
    late = hand_in(student, homework, code)
    assert late.status_code == 410, late.text
    assert "has ended" in late.json()["detail"]


def test_a_deleted_run_leaves_the_class(client: TestClient, student: TestClient) -> None:
    run_id = start_run(student, epochs=1)
    wait_for(student, run_id, {"succeeded"})
    code = new_class(client, "Deleted runs")
    assert hand_in(student, run_id, code).status_code == 201
    assert student.delete(f"/api/runs/{run_id}").status_code == 204
    assert entries(client, code) == []


def test_the_class_shows_each_run_as_it_stands(
    client: TestClient, student: TestClient, long_runs: LongRuns
) -> None:
    """A run handed in while it trains reads live: running, its epochs, then paused, then ended."""
    run_id = long_runs(student)
    wait_for(student, run_id, {"running"})
    code = new_class(client, "Live")
    assert hand_in(student, run_id, code).status_code == 201
    assert entries(client, code)[0]["status"] == "running"
    assert student.post(f"/api/runs/{run_id}/pause").status_code == 200
    wait_for(student, run_id, {"paused"})
    assert entries(client, code)[0]["status"] == "paused"
    assert student.post(f"/api/runs/{run_id}/cancel").status_code == 200
    wait_for(student, run_id, {"cancelled"})
    [entry] = entries(client, code)
    assert entry["status"] == "cancelled"
    assert entry["epochs"] == 500
    # Cross-site pages cannot hand in with the student's cookie either.
    foreign = student.post(
        f"/api/runs/{run_id}/hand-in",
        json={"code": code, "student_name": "evil"},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    assert entries(client, code)[0]["student_name"] == "Ana"


def test_wrong_codes_are_throttled_as_transfer_codes_are(client: TestClient) -> None:
    """A code is all a class asks of a student: guessing codes meets a 429, as a transfer
    code's does, a right one costing nothing."""
    guesser = TestClient(client.app)
    guesser.get("/api/health")  # its own browser's cookie
    run_id = start_run(guesser, epochs=1)
    code = new_class(client, "Guessed")
    assert hand_in(guesser, run_id, code).status_code == 201  # right: not counted
    limit = client.app.state.services.settings.max_wrong_logins  # type: ignore[attr-defined]
    for i in range(limit):
        assert hand_in(guesser, run_id, f"ZZZZ{i:02d}").status_code == 404
    throttled = hand_in(guesser, run_id, "ZZZZ99")
    assert throttled.status_code == 429, throttled.text
    assert throttled.json()["detail"].startswith("Too many wrong class codes from this browser")
    assert hand_in(guesser, run_id, code).status_code == 429  # until the minute is over
    guesser.post(f"/api/runs/{run_id}/cancel")
    wait_for(guesser, run_id, {"cancelled", "succeeded"})


def test_an_address_creates_a_bounded_number_of_classes(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script without cookies is a new teacher each time: it made 12,000 classes in 20 s, each
    a row kept, until the disk was full. An address makes so many a day; ended classes are
    forgotten after a month."""
    monkeypatch.setattr(classes, "MAX_CLASSES_PER_ADDRESS_PER_DAY", 3)
    db = client.app.state.services.db  # type: ignore[attr-defined]
    db.execute("UPDATE classes SET created_at = created_at - ?", (classes.DAY,))  # earlier tests'
    script = TestClient(client.app)
    made = []
    for _ in range(3):
        script.cookies.clear()  # a new teacher each time
        reply = script.post("/api/classes", json={"name": "spam"})
        assert reply.status_code == 201, reply.text
        made.append(reply.json()["code"])
    script.cookies.clear()
    refused = script.post("/api/classes", json={"name": "spam"})
    assert refused.status_code == 429, refused.text
    assert refused.json()["detail"].startswith(
        "3 classes were created from this address in the last day, the most it may"
    )
    # A day later it may again; a class ended a month ago is forgotten then.
    db.execute("UPDATE classes SET created_at = created_at - ?", (classes.DAY,))
    db.execute(
        "UPDATE classes SET ended_at = ? WHERE code = ?",
        (time.time() - classes.ENDED_KEPT_FOR - 1, made[0]),
    )
    assert script.post("/api/classes", json={"name": "later"}).status_code == 201
    assert not db.execute("SELECT 1 FROM classes WHERE code = ?", (made[0],))


def test_creating_a_class_asks_the_login_and_free_space(tmp_path: Path) -> None:
    settings = ServerConfig(
        pin_cores=False, data_dir=tmp_path, workers=1, worker_threads=1, login_token="t" * 20
    )
    with TestClient(create_app(settings)) as teacher:
        refused = teacher.post("/api/classes", json={"name": "Period 3"})
        assert refused.status_code == 401, refused.text
        assert refused.json()["detail"].startswith("This TorchCanvas needs a login token")
        assert teacher.post("/api/login", json={"token": "t" * 20}).status_code in (200, 204)
        assert teacher.post("/api/classes", json={"name": "Period 3"}).status_code == 201
        teacher.app.state.services.settings.min_free_bytes = 2**62  # type: ignore[attr-defined]
        full = teacher.post("/api/classes", json={"name": "Period 4"})
        assert full.status_code == 507, full.text


def test_one_browser_fills_no_class(
    client: TestClient, student: TestClient, homework: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One browser handed in 300 runs in 4 s (each queued, handed in, stopped), and the class took
    no more: a browser hands in so many, and runs stopped before they trained leave the class."""
    monkeypatch.setattr(classes, "MAX_ENTRIES_PER_BROWSER", 2)
    code = new_class(client, "Filled")
    spammer = TestClient(client.app)
    spammer.get("/api/health")
    blocker = start_run(spammer, **LONG)  # holds the worker: the next ones stay queued
    queued = [start_run(spammer, epochs=1) for _ in range(2)]
    for run_id in queued:
        assert hand_in(spammer, run_id, code, "Spam").status_code == 201
    third = hand_in(spammer, blocker, code, "Spam")
    assert third.status_code == 409, third.text
    assert third.json()["detail"].startswith(
        "This browser has handed in 2 runs to 'Filled', the most one browser may: take one back"
    )
    assert hand_in(student, homework, code).status_code == 201  # another browser still may
    for run_id in queued:
        assert spammer.post(f"/api/runs/{run_id}/cancel").status_code == 200
        wait_for(spammer, run_id, {"cancelled"})
    # Stopped before they trained: gone from the class's page, and from its count at the next
    # hand-in.
    assert [e["student_name"] for e in entries(client, code)] == ["Ana"]
    assert hand_in(spammer, blocker, code, "Spam").status_code == 201
    assert sorted(e["student_name"] for e in entries(client, code)) == ["Ana", "Spam"]
    spammer.post(f"/api/runs/{blocker}/cancel")
    wait_for(spammer, blocker, {"cancelled"})


def test_a_run_deleted_as_it_is_handed_in_leaves_no_entry(
    client: TestClient, student: TestClient
) -> None:
    """The delete came between the run's check and the hand-in (a race a review met): the class
    kept an entry it never showed, and a live link to a deleted run."""
    run_id = start_run(student, epochs=1)
    wait_for(student, run_id, {"succeeded"})
    code = new_class(client, "Raced")
    db = client.app.state.services.db  # type: ignore[attr-defined]
    assert forget_run(db, run_id)
    with pytest.raises(RunLeft):
        classes.ClassStore(db).hand_in(code, run_id, "Ana", "owner", lambda _: False)
    assert not db.execute("SELECT 1 FROM shares WHERE run_id = ?", (run_id,))
    assert [c["entries"] for c in client.get("/api/classes").json() if c["code"] == code] == [0]
