"""On a phone the bar along the window's foot says why Train is off in full, wrapped, where it
read "Add a layer to the desig…" and "Fix 1 error in the design …"; the page keeps room for it."""

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import add_layer, open_editor, screenshot_page


def _whole(reason: Locator) -> None:
    """The reason's text all shows: none of it cut off across or below its box."""
    cut = reason.evaluate("(e) => [e.scrollWidth - e.clientWidth, e.scrollHeight - e.clientHeight]")
    assert cut == [0, 0], f"the reason runs {cut} px past its box"
    box, bar = reason.bounding_box(), reason.page.get_by_test_id("train-bar").bounding_box()
    assert box is not None and bar is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= bar["x"] + bar["width"]


def _clear_of_the_bar(page: Page, field: Locator) -> None:
    """A field brought into view from below (as Tab brings the next one) stops above the bar, not
    under it: the page's scroll padding is the bar's height, however many lines it has."""
    field.evaluate("(e) => e.scrollIntoView({ block: 'end' })")
    box, bar = field.bounding_box(), page.get_by_test_id("train-bar").bounding_box()
    assert box is not None and bar is not None
    assert box["y"] + box["height"] <= bar["y"], (box, bar)


def test_the_bar_says_its_reason_whole_on_a_phone(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(phone, server_url)
    reason = phone.get_by_test_id("train-bar-reason")
    expect(reason).to_have_text("Add a layer to the design first.")
    _whole(reason)
    screenshot_page(phone, screenshot, "train-bar-phone-empty")

    add_layer(phone, "Linear")  # on the 8×8 digits, without a Flatten first
    expect(reason).to_contain_text("Fix 1 error in the design first: Linear fc1 expects")
    text = phone.get_by_test_id("train-disabled-reason").text_content()
    expect(reason).to_have_text(text or "")  # the settings' own reason, word for word
    _whole(reason)
    phone.evaluate("window.scrollTo(0, 0)")
    screenshot_page(phone, screenshot, "train-bar-phone-error")
    # Longer still (five lines), the bar covers no field the keyboard comes to.
    phone.get_by_test_id("dataset-select").select_option("moons")
    expect(reason).to_contain_text("needs one output per class")
    expect(reason).to_contain_text("Set out_features of fc1 to 2.")
    _whole(reason)
    _clear_of_the_bar(phone, phone.get_by_test_id("dataset-select"))
