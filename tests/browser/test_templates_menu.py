"""The Templates menu works as a menu button by keyboard: it was announced as a menu, but arrows
scrolled the page, Escape left it open, and tabbing past it left it over the design."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor


def test_the_templates_menu_by_keyboard(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    summary = page.get_by_test_id("templates-menu")
    menu = page.locator("details.menu")
    items = page.get_by_role("menuitem")
    summary.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(items.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # from the first, round to the last enabled one
    expect(page.locator('[role="menuitem"]:not(:disabled)').last).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("End")
    page.keyboard.press("Tab")  # past its last item: it closes
    expect(menu).not_to_have_attribute("open", "")

    summary.focus()
    page.keyboard.press("Enter")
    expect(items.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(items.nth(1)).to_be_focused()
    expect(items.nth(1)).to_contain_text("LeNet-style CNN")
    page.keyboard.press("Enter")
    expect(menu).not_to_have_attribute("open", "")
    expect(page.get_by_test_id("design-name")).to_have_value("lenet-digits")  # the one chosen
    expect(page.get_by_test_id("layer-card-conv1")).to_be_visible()
