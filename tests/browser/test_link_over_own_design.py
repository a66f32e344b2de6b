"""A classmate's design link opened over one's own design says so, and that Undo brings it back:
it silently replaced a renamed "my homework net" with "lenet-digits"."""

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.browser_steps import PHONE, add_layer, open_editor, screenshot_page
from tests.browser.test_open_on_dataset import design_link

LENET = {
    "version": 1,
    "name": "lenet-digits",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3}},
        {"id": "act1", "type": "ReLU"},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def test_a_link_over_ones_own_design_says_it_is_one_undo_away(
    page: Page, context: BrowserContext, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("sine")
    add_layer(page, "Linear")
    add_layer(page, "ReLU")
    page.get_by_test_id("design-name").fill("my homework net")
    expect(page.get_by_test_id("layer-card-relu1")).to_be_visible()
    # Counted for this design (not "parameters not counted yet" as its check is on its way).
    expect(page.get_by_test_id("total-params")).to_have_text(
        re.compile(r"^[1-9][\d,]* parameters$")
    )
    params = page.get_by_test_id("total-params").inner_text()

    # The classmate's link, opened in a new tab of the same browser: its saved design comes first.
    tab = context.new_page()
    tab.goto(design_link(server_url, {"dataset": "digits", "design": LENET}))
    expect(tab.get_by_test_id("design-name")).to_have_value("lenet-digits")
    expect(tab.get_by_test_id("dataset-select")).to_have_value("digits")
    notice = tab.get_by_test_id("design-notice")
    expect(notice).to_contain_text(
        "Opened lenet-digits from a link; your design “my homework net” is one Undo away."
    )
    screenshot_page(tab, screenshot, "link_over_own_design")
    tab.set_viewport_size(PHONE)
    expect(notice).to_be_visible()
    screenshot_page(tab, screenshot, "link_over_own_design_phone")

    tab.get_by_test_id("undo").click()
    # One Undo: the design back, on the dataset it was made for, as after a template.
    expect(tab.get_by_test_id("design-name")).to_have_value("my homework net")
    expect(tab.get_by_test_id("total-params")).to_have_text(params)
    expect(tab.get_by_test_id("dataset-select")).to_have_value("sine")
    tab.close()


def test_a_link_into_a_fresh_editor_says_nothing_of_a_design_replaced(
    page: Page, server_url: str
) -> None:
    page.goto(design_link(server_url, {"dataset": "digits", "design": LENET}))
    expect(page.get_by_test_id("design-name")).to_have_value("lenet-digits")
    expect(page.get_by_test_id("design-notice")).to_have_count(0)
