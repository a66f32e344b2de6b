"""Try it on a table answers as the values are typed, as TensorFlow Playground does: no Predict
to press after each change, one question once typing pauses (not one per key), an answer shown
only for the values in the fields, and a busy server's 503 said briefly, the last answer kept."""

import json
import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, Request, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, screenshot_page, train_through_page
from tests.browser.busy_route import BusyRoute
from tests.browser.test_try_stale import TRAINING, WINE_MLP

ON_ITS_WAY = "For the previous values: the answer for these is on its way."


class Predictions(BusyRoute):
    """Counts the page's questions to /predict, and answers them with a busy 503 while `busy`."""

    def __init__(self, page: Page) -> None:
        super().__init__(page, "**/predict")
        self.asked: list[list[float]] = []
        page.on("request", self.count)

    def count(self, request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/predict"):
            self.asked.append(json.loads(request.post_data or "{}")["input"])


def fields_of(page: Page) -> list[float]:
    return [float(page.get_by_test_id(f"feature-{i}").input_value()) for i in range(13)]


def expect_answer_for(page: Page, run_id: str) -> str:
    """Waits for the page's answer to be the server's for the values in the fields, not greyed."""
    said = api_of(page).post(f"/api/runs/{run_id}/predict", data={"input": fields_of(page)})
    assert said.ok, said.text()
    expect(page.get_by_test_id("prediction")).to_have_attribute("data-stale", "false")
    expect(page.get_by_test_id("predicted-class")).to_have_text(said.json()["predicted"])
    return page.get_by_test_id("probabilities").inner_text()


def test_the_answer_follows_the_values_as_they_are_typed(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, WINE_MLP, TRAINING)
    predictions = Predictions(page)
    page.goto(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("try-it")).to_contain_text("the answer follows as you type")
    assert predictions.asked == []  # opening the page asks nothing

    # A value typed, and no Predict pressed: the answer comes for these values.
    page.get_by_test_id("feature-0").fill("13.5")
    first = expect_answer_for(page, run_id)
    assert len(predictions.asked) == 1, predictions.asked
    expect(page.get_by_test_id("prediction-stale")).to_have_count(0)
    screenshot("try-it-live")
    page.set_viewport_size(PHONE)
    screenshot("try-it-live-phone")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # Another value changed: the answer changes with it.
    page.get_by_test_id("feature-12").fill("1500")  # proline, far from its mean (about 750)
    expect(page.get_by_test_id("probabilities")).not_to_have_text(first)
    expect_answer_for(page, run_id)
    expect(page.get_by_test_id("feature-far")).to_have_count(0)  # within 4 deviations of it

    # A value far past the training set's: answered, and said to be a guess past its data (the
    # answer read "100.0%" unremarked: a walkthrough). The note wraps under the fields: it moves
    # neither the field typed in nor the answer beside them (both slid as the note came: an audit).
    placed = [page.get_by_test_id(name).bounding_box() for name in ("feature-1", "prediction")]
    page.get_by_test_id("feature-1").fill("-1e30")
    expect_answer_for(page, run_id)
    moved = [page.get_by_test_id(name).bounding_box() for name in ("feature-1", "prediction")]
    assert all(placed) and all(moved), (placed, moved)
    assert [(b["x"], b["y"]) for b in moved if b] == [(b["x"], b["y"]) for b in placed if b]
    expect(page.get_by_test_id("feature-far")).to_have_text(
        re.compile(
            r"^Far outside what it trained on: malic_acid \(-1e\+30; in training \d\.\d+ ± "
            r"\d\.\d+\)\. Its answer there is a guess past its data, however sure it reads\.$"
        )
    )
    screenshot("try-it-far")
    page.get_by_test_id("feature-1").fill("2.3")
    expect(page.get_by_test_id("feature-far")).to_have_count(0)
    expect_answer_for(page, run_id)

    # Typed key by key at a quick pace: one question once typing pauses, not one per key; the
    # answer meanwhile is greyed as the previous values'.
    before = len(predictions.asked)
    alcohol = page.get_by_test_id("feature-0")
    alcohol.fill("")
    expect(page.get_by_test_id("prediction-stale")).to_have_text("For the previous values.")
    alcohol.press_sequentially("12.75", delay=60)
    expect(page.get_by_test_id("prediction-stale")).to_have_text(ON_ITS_WAY)
    expect_answer_for(page, run_id)
    page.wait_for_timeout(800)  # nothing more comes
    # Fewer questions than keys, the last for the values typed: a busy CI's keys once paused past
    # 350 ms between "12" and ".", and that pause was asked about, as it should be.
    asked = predictions.asked[before:]
    assert 1 <= len(asked) < len("12.75") and asked[-1] == fields_of(page), asked

    # Predict still asks at once, by the button or by Enter in a field.
    page.get_by_test_id("predict-button").click()
    alcohol.press("Enter")
    expect_answer_for(page, run_id)
    page.wait_for_timeout(500)
    assert len(predictions.asked) == before + 3, predictions.asked

    # A decimal comma (Chromium drops it: "12,5" read 125) is said, and asks nothing, until the
    # number has a point.
    alcohol.fill("")
    alcohol.press_sequentially("12,5")
    comma = page.get_by_test_id("feature-comma")
    expect(comma).to_have_text(
        "alcohol: A comma is not a decimal point here: type a point, as in 0.001."
    )
    expect(page.get_by_test_id("predict-button")).to_be_disabled()
    expect(alcohol).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("prediction-stale")).to_have_text("For the previous values.")
    screenshot("try-it-live-comma")
    page.wait_for_timeout(800)
    assert len(predictions.asked) == before + 3, predictions.asked  # 125 was never asked
    alcohol.fill("12.5")
    expect(comma).to_have_count(0)
    expect_answer_for(page, run_id)
    assert predictions.asked[-1][0] == 12.5, predictions.asked

    # A busy server: the last answer stays, greyed, with a short note, and no error; it is asked
    # again after Retry-After, and answers once it has room.
    predictions.busy = True
    alcohol.fill("13")
    note = page.get_by_test_id("prediction-stale")
    expect(note).to_contain_text("The server is busy: asking again in 1 s")
    expect(page.get_by_test_id("predicted-class")).to_be_visible()
    expect(page.get_by_test_id("try-error")).to_have_count(0)
    screenshot("try-it-live-busy")
    predictions.wait_refused(2, "the values were")
    predictions.busy = False
    expect_answer_for(page, run_id)

    # A shared model's page answers the same way, through the link's own predict.
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    stranger = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        shared = stranger.new_page()
        asked: list[str] = []
        shared.on("request", lambda r: asked.append(r.url) if r.url.endswith("/predict") else None)
        url = share.json()["url"]
        shared.goto(url if url.startswith("http") else server_url + url)
        shared.get_by_test_id("feature-0").fill("13.5")
        expect(shared.get_by_test_id("predicted-class")).to_be_visible()
        expect(shared.get_by_test_id("prediction")).to_have_attribute("data-stale", "false")
        assert len(asked) == 1 and "/api/shared/" in asked[0], asked
        screenshot_page(shared, screenshot, "try-it-live-shared")
    finally:
        stranger.close()
