"""On a wide screen (1440 x 900) the settings stand beside the design, but a 2-D set's data panel
and scatter, and a challenge's banner, put Train 1,200-1,300 px down the page: the bar along the
window's foot has it there too while the settings' own Train is out of view."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor

WIDE = {"width": 1440, "height": 900}


def in_window(page: Page, test_id: str) -> bool:
    box = page.get_by_test_id(test_id).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900


def test_train_is_at_hand_on_a_2d_set_with_a_challenge(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size(WIDE)
    open_editor(page, server_url)
    page.get_by_test_id("challenges-link").click()
    page.get_by_test_id("challenge-start-moons-beat-linear").click()
    expect(page.get_by_test_id("challenge-line")).to_be_visible()
    expect(page.get_by_test_id("dataset-select")).to_have_value("moons")
    page.evaluate("window.scrollTo(0, 0)")
    # The settings' own Train is below the window; the bar's is in it, and it trains.
    expect(page.get_by_test_id("train-bar-button")).to_be_enabled()
    assert not in_window(page, "train-button")
    assert in_window(page, "train-bar-button")
    screenshot("train-bar-1440-moons")
    for name in ("spiral", "circles"):
        page.get_by_test_id("dataset-select").select_option(name)
        page.evaluate("window.scrollTo(0, 0)")
        expect(page.get_by_test_id("train-bar-button")).to_be_visible()
        assert in_window(page, "train-bar-button")
    page.get_by_test_id("dataset-select").select_option("moons")
    # Beside the settings' own Train the bar goes; the page's foot is not under it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.get_by_test_id("train-bar")).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_test_id("train-bar-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
