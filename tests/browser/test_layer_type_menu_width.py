"""The canvas's inspector shows a layer's type whole in its menu: at 1400 px wide it read
"MaxPc ▾"."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    add_layer,
    cut_selects,
    open_canvas,
    open_editor,
    select_node,
)


def test_the_inspectors_type_menu_shows_the_whole_type(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    open_editor(page, server_url)
    for layer in ("Conv2d", "MaxPool2d", "Flatten", "Linear"):
        add_layer(page, layer)
    open_canvas(page)
    select_node(page, "pool1")
    inspector = page.get_by_test_id("inspector")
    menu = inspector.get_by_test_id("layer-type-pool1")
    expect(menu).to_have_value("MaxPool2d")
    screenshot("layer-type-menu-inspector")
    assert cut_selects(inspector) == []
    # The longest of its kind too, and another layer's menu.
    menu.select_option("AdaptiveAvgPool2d")  # its id follows: pool1 is renamed
    expect(inspector.locator(".layer-type-select")).to_have_value("AdaptiveAvgPool2d")
    assert cut_selects(inspector) == []
    select_node(page, "conv1")
    expect(inspector.get_by_test_id("layer-type-conv1")).to_have_value("Conv2d")
    assert cut_selects(inspector) == []
