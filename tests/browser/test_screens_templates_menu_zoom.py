"""At 200 % zoom (1920 x 1080 seen as 960 x 540) the Templates menu's last items are in sight and
reached: the menu ran under Train's bar and past the window's foot. Its list now fits the room above
the bar and scrolls in its own box, where End takes the last template into view."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import ON_TOP, open_editor


def test_the_templates_menu_fits_above_the_train_bar_at_200_percent(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 960, "height": 540})
    open_editor(page, server_url)
    bar = page.get_by_test_id("train-bar")
    expect(bar).to_be_visible()
    page.get_by_test_id("templates-menu").focus()
    page.keyboard.press("Enter")
    items = page.locator('[role="menuitem"]:not(:disabled)')
    expect(items.first).to_be_focused()
    listed, bar_box = page.locator(".menu-items").bounding_box(), bar.bounding_box()
    assert listed is not None and bar_box is not None
    assert listed["y"] + listed["height"] <= bar_box["y"], (listed, bar_box)  # clear of the bar

    screenshot("screens-templates-menu-200")  # before End: a full page's shot resizes the window
    page.keyboard.press("End")
    last = items.last
    expect(last).to_be_focused()
    box = last.bounding_box()
    assert box is not None
    assert box["y"] >= listed["y"] and box["y"] + box["height"] <= listed["y"] + listed["height"]
    assert last.evaluate(ON_TOP), (box, bar_box)
    title = last.locator("strong").inner_text()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_test_id("layer-added")).to_contain_text(f"Loaded the {title} template")
