"""GET /api/runs pages on from a run (`before`): a run created between two pages, as a sweep
still queueing makes one, shifts no page, where `offset` repeated a run on the next."""

from fastapi.testclient import TestClient

from tests.backend.conftest import start_run


def _ids(client: TestClient, **params: str | int) -> list[str]:
    reply = client.get("/api/runs", params=params)
    assert reply.status_code == 200, reply.text
    return [run["id"] for run in reply.json()]


def test_a_run_created_between_pages_repeats_and_skips_none(client: TestClient) -> None:
    script = TestClient(client.app)  # an owner of its own: its runs alone are listed
    made = [start_run(script, epochs=1) for _ in range(3)]
    first = _ids(script, limit=2)
    assert first == made[:0:-1]  # newest first
    newer = start_run(script, epochs=1)
    after = _ids(script, limit=2, before=first[-1])
    assert first + after == made[::-1], "a run repeated or was skipped"
    assert _ids(script, limit=2, offset=2) == made[1::-1]  # offset: the second run again
    assert _ids(script, limit=10)[0] == newer
    assert _ids(script, limit=1, before=made[0]) == []  # after the oldest: the end
    assert _ids(script, limit=2, before=" ") == _ids(script, limit=2)  # blank: from the first
    for run_id in [*made, newer]:
        script.post(f"/api/runs/{run_id}/cancel")


def test_a_cursor_that_is_not_the_callers_run_is_a_404(client: TestClient) -> None:
    theirs = start_run(client, epochs=1)
    stranger = TestClient(client.app)
    for before in [theirs, "0123456789abcdef"]:  # another's reads as one that does not exist
        reply = stranger.get("/api/runs", params={"before": before})
        assert (reply.status_code, reply.json()["detail"]) == (
            404,
            f"before: run {before} is not among this browser's runs (deleted since, or never "
            "one of them): list from the newest again, or page on from a run you have.",
        )
    client.post(f"/api/runs/{theirs}/cancel")


def test_the_cursor_is_in_the_schema(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/runs"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names >= {"before", "offset", "limit"}
    assert "404" in operation["responses"]  # for a cursor that is not the caller's run
