"""A convolution's dilation and groups, as Deep Network Designer's grouped convolution offers:
set in the card, checked against the channels, and trained."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor, set_param


def test_a_depthwise_convolution_is_set_in_its_card_and_checked(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)  # digits: one channel of 8×8
    add_layer(page, "Conv2d")
    set_param(page, "conv1", "out_channels", "8")
    set_param(page, "conv1", "padding", "2")
    set_param(page, "conv1", "dilation", "2")  # a 3-wide kernel spanning 5
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(8, 8, 8)")
    add_layer(page, "Conv2d")
    set_param(page, "conv2", "out_channels", "12")
    set_param(page, "conv2", "groups", "3")
    error = page.get_by_test_id("error-conv2")
    expect(error).to_have_text(
        "Conv2d conv2 splits its channels into 3 groups, but its 8 input channels do not divide "
        "by 3: set groups to 1, 2 or 4, or change out_channels or the channels before it."
    )
    expect(page.locator("#param-conv2-groups").locator("xpath=..")).to_have_class(
        "param param-error"
    )
    screenshot("grouped-conv-error")
    set_param(page, "conv2", "groups", "4")  # each group of 2 channels makes 3
    expect(error).not_to_contain_text("groups")  # what is left: it is the last layer, for now
    expect(page.get_by_test_id("shape-conv2")).to_have_text("(12, 6, 6)")
    expect(page.get_by_test_id("params-conv2")).to_have_text("228 params")  # 12·2·3·3 + 12
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "10")
    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
