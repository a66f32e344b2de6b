"""An ended run's page reads as ended while its history is still coming: a long finished run read
RUNNING "Epoch 72 of 300" with Stop, Pause and a time left for seconds as its events replayed."""

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.held_history import held_events, hold_history
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


def test_an_ended_run_reads_as_ended_while_its_history_comes(
    page: Page, server_url: str, server_data: Path
) -> None:
    run_id = write_run(
        server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, finished_events(3)
    )
    held, sockets = hold_history(page)
    page.goto(f"{server_url}/runs/{run_id}")
    events = held_events(held, page)
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
    held, sockets = hold_history(page)
    page.goto(f"{server_url}/models/{run_id}")
    events = held_events(held, page)
    sockets[0].send(json.dumps([e for e in events if e["type"] in ("started", "progress")][:2]))
    page.wait_for_timeout(500)  # the partial history drawn
    status = page.get_by_test_id("model-status")
    expect(status).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_test_id("model-epoch")).to_have_count(0)
