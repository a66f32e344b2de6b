"""A run whose log holds an event that reads as JSON, with its own seq, yet does not fit its type
(a progress frame with no grad_norms): its page skips that one event and shows the rest of the run,
its end included (it threw in the page's reducer, and the rest of that history never came)."""

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.store.db import DATABASE_NAME

EPOCHS = 1200


def test_a_run_page_skips_an_event_that_does_not_fit_and_shows_the_rest(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    owner = owner_of(page, server_url)
    # Long enough that its history replays in two messages, the end in the second: the first's
    # events after the shapeless one were lost, with no reconnect to ask for them again.
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(EPOCHS))
    with sqlite3.connect(server_data / DATABASE_NAME) as db:
        # The second progress frame, in the history's first message.
        (seq,) = db.execute(
            "SELECT seq FROM events WHERE run_id = ? AND json_extract(body, '$.type') = "
            "'progress' ORDER BY seq LIMIT 1 OFFSET 1",
            (run_id,),
        ).fetchone()
        shapeless = json.dumps({"seq": seq, "type": "progress"})
        db.execute(
            "UPDATE events SET body = ? WHERE run_id = ? AND seq = ?", (shapeless, run_id, seq)
        )
    page.goto(f"{server_url}/runs/{run_id}")
    # The end, from the events after the shapeless one: its epochs and its accuracy.
    expect(page.get_by_test_id("epochs-done")).to_have_text(f"{EPOCHS} of {EPOCHS} epochs done")
    expect(page.get_by_test_id("replaying")).to_have_count(0)
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")
    expect(page.get_by_test_id("accuracy-value")).to_contain_text("90")
    # The charts drew every event but the shapeless one: each other frame's 4 steps, every epoch.
    frames = EPOCHS - 1
    expect(page.get_by_test_id("loss-chart")).to_have_attribute("data-points", str(4 * frames))
    expect(page.get_by_test_id("epoch-chart")).to_have_attribute("data-points", str(EPOCHS))
    expect(page.get_by_test_id("grad-chart")).to_have_attribute("data-points", str(frames))
    screenshot("shapeless-event-run-page")
    assert errors == []
