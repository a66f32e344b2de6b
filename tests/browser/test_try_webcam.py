"""Try an image model from (Chromium's fake) webcam, live, on its page and on a share link: answers
arrive and update, one frame in flight at a time; Stop, or a hidden tab, releases the camera and
sends no more frames; a busy server is waited for; a refused frame shows the server's message; a
refused camera says so."""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import train_through_page

DESIGN = {
    "version": 1,
    "name": "webcam-digits",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
TRAINING = {
    "dataset": "digits",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "epochs": 1,
    "batch_size": 64,
}
REFUSED = (
    "The camera was refused: allow it for this site (the camera icon in the address bar), "
    "then press Webcam again. Or choose pictures instead."
)
STREAM = "document.querySelector('[data-testid=webcam-video]').srcObject"


class Model:
    """A digits model trained once for the module: its id, a share link, and its owner's cookies."""

    def __init__(self, run_id: str, share_url: str, state: Any) -> None:
        self.run_id, self.share_url, self.state = run_id, share_url, state


@pytest.fixture(scope="module")
def model(camera_browser: Browser, server_url: str) -> Iterator[Model]:
    context = camera_browser.new_context(base_url=server_url)
    page = context.new_page()
    page.goto(f"{server_url}/runs")  # the owner cookie
    run_id = train_through_page(page, DESIGN, TRAINING)
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    yield Model(run_id, share.json()["url"], context.storage_state())
    context.close()


def shoot(page: Page, name: str) -> None:
    """Screenshots at 1440 and 1024 wide and a phone's 390, light and dark, when
    TORCHCANVAS_SCREENS names a folder; the window is left as it was."""
    folder = os.environ.get("TORCHCANVAS_SCREENS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1440, "height": 1000}
    for width in (1440, 1024, 390):
        page.set_viewport_size({"width": width, "height": size["height"]})
        page.get_by_test_id("try-it").scroll_into_view_if_needed()
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.screenshot(path=str(Path(folder) / f"try-{name}-{width}-{scheme}.png"))
    page.set_viewport_size(size)
    page.emulate_media(color_scheme="light")


def answered(page: Page) -> int:
    return int(page.get_by_test_id("webcam-try").get_attribute("data-answered") or "0")


def wait_for_answers_past(page: Page, count: int) -> None:
    """Waits until the page says it has had more than `count` frames answered."""
    try:
        page.wait_for_function(
            "count => Number(document.querySelector('[data-testid=webcam-try]')?.dataset.answered)"
            " > count",
            arg=count,
        )
    except PlaywrightTimeoutError:
        shown = page.get_by_test_id("try-it").inner_text()
        raise AssertionError(
            f"No more than {count} frames answered; Try it shows:\n{shown}"
        ) from None


def test_webcam_answers_live_until_stopped(camera_page: Page, model: Model) -> None:
    page = camera_page
    page.context.add_cookies(model.state["cookies"])
    page.goto(f"/models/{model.run_id}")
    page.get_by_test_id("webcam-start").click()
    webcam = page.get_by_test_id("webcam-try")

    # Answers arrive, the class and its bars, and keep arriving: the count in the page grows.
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
    expect(page.get_by_test_id("probabilities").locator("li")).to_have_count(10)
    expect(page.get_by_test_id("seen-picture")).to_be_visible()  # the frame as the model saw it
    wait_for_answers_past(page, 2)
    expect(page.get_by_test_id("webcam-status")).to_contain_text("frames answered")
    shoot(page, "webcam")

    # One frame in flight at a time: while an answer is held, no second frame is sent.
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/predict-image", hold)
    while not held:  # the next frame, once the one in flight (if any) is answered
        page.wait_for_timeout(50)
    page.wait_for_timeout(1000)  # time for more frames, were more sent
    assert len(held) == 1
    stream = page.evaluate_handle(STREAM)
    page.get_by_test_id("webcam-stop").click()
    expect(webcam).to_have_count(0)
    expect(page.get_by_test_id("webcam-start")).to_be_focused()  # Stop went with the view
    # The camera is released: every track ended, so the browser's camera light goes off.
    assert page.evaluate("stream => stream.getTracks().map(t => t.readyState)", stream) == ["ended"]
    held[0].continue_()  # the answer to the frame in flight comes after Stop, and nothing follows
    page.wait_for_timeout(1000)
    assert len(held) == 1
    page.unroute("**/predict-image")
    expect(page.get_by_test_id("webcam-start")).to_be_visible()
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))  # kept
    expect(page.get_by_test_id("inside-model")).to_be_visible()  # for the last frame answered

    # A busy server: said so, waited for, then the answers go on.
    page.get_by_test_id("webcam-start").click()
    wait_for_answers_past(page, 0)
    busy = {"detail": "The server is busy: 4 requests already wait. Try again in 1 s."}
    page.route("**/predict-image", lambda route: route.fulfill(status=503, json=busy), times=1)
    expect(page.get_by_test_id("webcam-status")).to_have_text(
        "The server is busy: the next frame goes in 1 s."
    )
    resumed = answered(page)
    wait_for_answers_past(page, resumed)
    expect(page.get_by_test_id("webcam-status")).to_contain_text("frames answered")

    # A hidden tab stops the webcam, releases the camera and says why.
    stream = page.evaluate_handle(STREAM)
    page.evaluate(
        """() => { Object.defineProperty(document, "hidden", {value: true, configurable: true});
        document.dispatchEvent(new Event("visibilitychange")); }"""
    )
    expect(webcam).to_have_count(0)
    assert page.evaluate("stream => stream.getTracks().map(t => t.readyState)", stream) == ["ended"]
    expect(page.get_by_test_id("webcam-note")).to_have_text(
        "The webcam stopped while the tab was hidden: press Webcam to start it again."
    )
    page.evaluate("() => { delete document.hidden; }")

    # A frame the server refuses: its own message, as for a chosen picture, and the webcam stops.
    def spoil(route: Route, request: Request) -> None:
        route.continue_(post_data=b"not a picture")

    page.route("**/predict-image", spoil, times=1)
    page.get_by_test_id("webcam-start").click()
    expect(page.get_by_test_id("try-error")).to_have_text(
        "The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."
    )
    expect(webcam).to_have_count(0)
    expect(page.get_by_test_id("predicted-class")).to_have_count(0)
    expect(page.get_by_test_id("inside-model")).to_have_count(0)


def test_webcam_on_a_share_link_and_a_refused_camera(
    camera_browser: Browser, camera_page: Page, model: Model
) -> None:
    page = camera_page  # no cookie of the owner: a stranger with the link
    page.goto(model.share_url)
    page.get_by_test_id("webcam-start").click()
    wait_for_answers_past(page, 0)
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
    page.get_by_test_id("webcam-stop").click()

    refused = camera_browser.new_context(viewport={"width": 1440, "height": 1000})  # no camera
    try:
        other = refused.new_page()
        other.goto(model.share_url)
        other.get_by_test_id("webcam-start").focus()
        other.keyboard.press("Enter")
        # Said where a refused picture is, the picture choices back beside it, and the focus on
        # Webcam again (it fell to the page's top with the webcam's view: an audit).
        expect(other.get_by_test_id("try-error")).to_have_text(REFUSED)
        expect(other.get_by_test_id("webcam-start")).to_be_focused()
        expect(other.get_by_test_id("webcam-try")).to_have_count(0)
        expect(other.get_by_test_id("picture-file")).to_be_attached()
        shoot(other, "webcam-refused")
    finally:
        refused.close()
