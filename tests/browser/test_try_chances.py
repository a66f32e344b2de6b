"""Try it's probability bars give a runner-up's chance as Explain class does: two significant
figures under 0.1 % ("0.020%"), "<0.0001%" below that, where every runner-up of a sure digit
read "0.0%" and no one could tell which came second."""

import math
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE
from tests.browser.test_where_looked import try_a_digit


def chance_text(probability: float) -> str:
    """A chance as the page writes it (models/chanceText.ts)."""
    percent = probability * 100
    if percent >= 0.1 or percent <= 0:
        return f"{0 if percent <= 0 else f'{percent:.1f}'}%"
    if percent < 1e-4:
        return "<0.0001%"
    decimals = max(0, 1 - math.floor(math.log10(percent)))
    return f"{float(f'{percent:.2g}'):.{decimals}f}%"


def test_the_bars_tell_the_runners_up_apart(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    run_id, picture = try_a_digit(page, server_url)
    url = f"/api/runs/{run_id}/predict-image"
    api = api_of(page).post(url, data=picture, headers={"Content-Type": "image/png"}).json()
    chances: list[float] = api["probabilities"]
    # The model is sure of its digit: runners-up under 0.05 %, which one decimal wrote "0.0%".
    assert sum(0 < p < 0.0005 for p in chances) >= 2, chances

    bars = page.get_by_test_id("probabilities").locator("li")
    expect(bars).to_have_count(10)
    shown = bars.locator(".class-value").all_inner_texts()
    assert shown == [chance_text(p) for p in chances], (shown, chances)
    assert "0.0%" not in shown, shown
    # The second likeliest reads apart from the third.
    second, third = sorted(range(10), key=lambda i: -chances[i])[1:3]
    if chances[third] * 100 >= 1e-4:
        assert shown[second] != shown[third], shown
    screenshot("try-chances-desktop")

    page.set_viewport_size(PHONE)
    listed = page.get_by_test_id("probabilities")
    listed.scroll_into_view_if_needed()
    for value in bars.locator(".class-value").all():
        box = value.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"], overflow
    screenshot("try-chances-phone")
