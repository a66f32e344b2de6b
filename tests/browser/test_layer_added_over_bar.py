"""On a phone with a challenge open, the banner pushes the palette down and the line under it
that says what a tap added ("Added Linear fc1 after out. Show it") fell under the Train bar along
the window's foot: the page now scrolls just enough to show it above the bar."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE
from tests.browser.test_challenges import start_challenge


def test_the_added_line_stays_above_the_train_bar(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size(PHONE)
    start_challenge(page, server_url, "moons-beat-linear")
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.get_by_test_id("train-bar")).to_be_visible()
    page.get_by_test_id("palette-Linear").click()
    expect(page.get_by_test_id("layer-added")).to_have_text("Added Linear fc1 after out.")
    show = page.get_by_test_id("layer-added-show")
    expect(show).to_be_visible()
    page.wait_for_timeout(300)  # the scroll is made in the next frame
    bar = page.get_by_test_id("train-bar").bounding_box()
    line = show.bounding_box()
    assert bar is not None and line is not None
    assert line["y"] >= 0
    assert line["y"] + line["height"] <= bar["y"], (line, bar)
    screenshot("layer-added-above-train-bar-phone")
    show.click()
    expect(page.get_by_test_id("layer-card-fc1")).to_be_in_viewport()
