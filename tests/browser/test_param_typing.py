"""What a layer's field says is what the design holds: 2.5 typed into a whole-number field is an
error on the layer, never the 2 of its first keystroke kept unseen; a pair typed as the messages
write it, [3, 5], is taken."""

import json
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import add_layer, open_editor, set_param


def _emptied_channels(page: Page, server_url: str) -> Locator:
    """A Conv2d of 4 channels in a new design, its out_channels field then emptied."""
    open_editor(page, server_url)
    add_layer(page, "Conv2d")
    set_param(page, "conv1", "out_channels", "4")
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(4, 6, 6)")
    field = page.locator("#param-conv1-out_channels")
    field.fill("")
    return field


def test_a_fraction_in_a_whole_number_field_is_an_error_not_its_first_digit(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    field = _emptied_channels(page, server_url)
    field.press_sequentially("2.5", delay=30)  # "2", then "2.", then "2.5", as a person types
    expect(page.get_by_test_id("error-conv1")).to_contain_text(
        "out_channels must be a whole number from 1 to 65536, got 2.5"
    )
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    expect(field).to_have_value("2.5")
    screenshot("param-fraction")
    with page.expect_download() as saved:
        page.get_by_role("button", name="Download design").click()
    path = saved.value.path()
    design = json.loads(path.read_text()) if path else {}
    assert design["layers"][0]["params"]["out_channels"] == 2.5  # as it says, not 2

    field.fill("8")
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(8, 6, 6)")
    expect(page.get_by_test_id("error-conv1")).not_to_contain_text("out_channels")

    set_param(page, "conv1", "kernel_size", "[3, 5]")
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(8, 6, 4)")
    expect(page.locator("#param-conv1-kernel_size")).to_have_value("[3, 5]")
    expect(page.get_by_test_id("param-conv1-kernel_size-error")).to_have_count(0)


def test_a_number_field_holding_no_number_is_an_error_not_the_default(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """The browser reads "e" in a number field as empty, the default: the field said "e" while
    the card showed 16 channels and Train stayed on (an audit)."""
    field = _emptied_channels(page, server_url)
    field.press_sequentially("e")
    expect(page.get_by_test_id("param-conv1-out_channels-error")).to_have_text(
        "Type a number: what the field holds is none (clear it for the default)."
    )
    expect(page.get_by_test_id("error-conv1")).to_contain_text(
        "out_channels must be a whole number from 1 to 65536, got 'not a number'"
    )
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    screenshot("param-not-a-number")
    field.press("Backspace")  # empty: the default, 16, and no error
    expect(page.get_by_test_id("param-conv1-out_channels-error")).to_have_count(0)
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(16, 6, 6)")
    field.fill("8")
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(8, 6, 6)")
    expect(page.get_by_test_id("error-conv1")).not_to_contain_text("out_channels")
