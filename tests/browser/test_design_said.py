"""A screen reader hears the design's errors as one polite line while the design is built (their
number and the first), not an assertive alert from each card that cut off what was being read."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor, set_param


def test_errors_are_said_politely_once_not_alerted_by_each_card(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    said = page.get_by_test_id("design-said")
    expect(said).to_have_attribute("role", "status")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "10")
    expect(said).to_have_text("No errors in the design.")

    page.locator("#param-fc1-out_features").fill("2.5")
    expect(page.get_by_test_id("error-fc1")).to_contain_text("whole number")
    expect(said).to_have_text(
        "1 error in the design. First: Linear `fc1`: out_features must be a whole number from 1 to 65536, got 2.5."
    )
    expect(page.get_by_role("alert")).to_have_count(0)

    page.get_by_test_id("canvas-tab").click()
    expect(page.get_by_test_id("node-error-fc1")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_test_id("list-tab").click()
    page.locator("#param-fc1-out_features").fill("10")
    expect(said).to_have_text("No errors in the design.")
