"""An ended run's page reads as ended while its history is still coming: a long finished run read
RUNNING "Epoch 72 of 300" with Stop, Pause and a time left for seconds as its events replayed."""

import json
import re
from pathlib import Path

from playwright.sync_api import Page, WebSocketRoute, expect

from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run

DESIGN = {
    "version": 1,
    "name": "mlp",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def _hold_history(page: Page) -> tuple[list[str], list[WebSocketRoute]]:
    """The run's events as the server sends them, held back from the page; and the page's socket."""
    held: list[str] = []
    sockets: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: held.append(str(message)))
        server.on_close(lambda code, reason: None)
        ws.on_message(lambda message: server.send(message))
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/api/runs/.*/events"), route)
    return held, sockets


def _events(held: list[str], page: Page) -> list[dict[str, object]]:
    for _ in range(100):  # the history, on its way
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the run's history came"
    return [event for message in held for event in json.loads(message)]


def test_an_ended_run_reads_as_ended_while_its_history_comes(
    page: Page, server_url: str, server_data: Path
) -> None:
    run_id = write_run(
        server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, finished_events(3)
    )
    held, sockets = _hold_history(page)
    page.goto(f"{server_url}/runs/{run_id}")
    events = _events(held, page)
    first_epoch = [e for e in events if e["type"] in ("started", "progress")][:2]
    sockets[0].send(json.dumps(first_epoch))

    status = page.get_by_test_id("run-status")
    expect(page.get_by_test_id("replaying")).to_have_text("Reading its history…")
    expect(status).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_test_id("stop-button")).to_have_count(0)
    expect(page.get_by_test_id("pause-button")).to_have_count(0)
    expect(page.get_by_test_id("eta")).to_have_count(0)

    sockets[0].send(json.dumps([e for e in events if e not in first_epoch]))
    expect(page.get_by_test_id("epochs-done")).to_have_text("3 of 3 epochs done")
    expect(page.get_by_test_id("replaying")).to_have_count(0)
    expect(status).to_have_attribute("data-status", "succeeded")


def test_an_ended_run_s_model_page_reads_as_ended_while_its_history_comes(
    page: Page, server_url: str, server_data: Path
) -> None:
    run_id = write_run(
        server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, finished_events(3)
    )
    held, sockets = _hold_history(page)
    page.goto(f"{server_url}/models/{run_id}")
    events = _events(held, page)
    sockets[0].send(json.dumps([e for e in events if e["type"] in ("started", "progress")][:2]))
    page.wait_for_timeout(500)  # the partial history drawn
    status = page.get_by_test_id("model-status")
    expect(status).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_test_id("model-epoch")).to_have_count(0)
