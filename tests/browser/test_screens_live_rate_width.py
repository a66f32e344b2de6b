"""At 200 % zoom (1920 x 1080 seen as 960 x 540), a run's live learning rate shows whole the rate a
schedule has moved it to: 0.000123 lost its last digit in the field's 96 px, where its spin
button takes a part of the room."""

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.written_run import DIGITS_MLP

# A rate the schedule moves from its first step: the field says it in three figures.
SCHEDULED = {
    **DIGITS_TRAINING,
    "lr": 0.000123456,
    "epochs": 500,
    "scheduler": "CosineAnnealingLR",
}
SPIN_BUTTON = 15  # px: Chromium's arrows at a number field's right, over its text on hover
ROOM = """(field) => {
  const style = getComputedStyle(field);
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return { text: measure.measureText(field.value).width, scrolled: field.scrollWidth - field.clientWidth,
           room: field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
}"""


def test_the_live_rate_shows_a_scheduled_rate_whole_at_200_percent(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 960, "height": 540})
    page.goto(f"{server_url}/runs")
    api = api_of(page)
    run_id = api.post("/api/runs", data={"design": DIGITS_MLP, "training": SCHEDULED}).json()["id"]
    try:
        deadline = time.monotonic() + 60
        while api.get(f"/api/runs/{run_id}").json()["status"] != "running":
            assert time.monotonic() < deadline, "the run never started"
            time.sleep(0.05)
        assert api.post(f"/api/runs/{run_id}/pause").ok  # paused, it keeps its live rate
        page.goto(f"{server_url}/runs/{run_id}")
        expect(page.get_by_test_id("run-status")).to_have_text("paused")
        field = page.get_by_test_id("live-rate-input")
        expect(field).to_have_value("0.000123")
        seen = field.evaluate(ROOM)
        assert seen["scrolled"] <= 0 and seen["text"] + SPIN_BUTTON <= seen["room"], seen
        # Its buttons still beside it, inside the page.
        box, lower = field.bounding_box(), page.get_by_test_id("live-rate-lower").bounding_box()
        assert box is not None and lower is not None
        assert box["x"] + box["width"] <= lower["x"] and lower["x"] + lower["width"] <= 960, (
            box,
            lower,
        )
        field.hover()  # its spin button shows
        screenshot("screens-live-rate-200")
    finally:
        api.post(f"/api/runs/{run_id}/cancel")
