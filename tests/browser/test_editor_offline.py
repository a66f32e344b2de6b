"""The editor offline: a check of the design that reached no server is no design error. It said
"1 error in the design … Failed to fetch", held Train back with "Fix 1 error", and kept saying so
after the network came back until the next edit (review finding 4)."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor

UNREACHABLE = (
    "Could not reach the server to check the design. It is checked again when the connection "
    "is back, and on your next edit."
)


def test_offline_the_design_keeps_its_last_check_and_is_checked_again_once_online(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(10)")
    expect(page.get_by_test_id("train-button")).to_be_enabled()

    page.context.set_offline(True)
    add_layer(page, "ReLU")
    unreachable = page.get_by_test_id("design-unreachable")
    expect(unreachable).to_have_text(UNREACHABLE)
    expect(page.get_by_test_id("design-error")).to_have_count(0)
    expect(page.get_by_text("Failed to fetch")).to_have_count(0)
    # The last good check's shapes stay; Train waits, saying why in plain words.
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(10)")
    train = page.get_by_test_id("train-button")
    expect(train).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_have_text(
        "Could not reach the server: Train waits until it has checked the design."
    )
    screenshot("editor-offline")
    page.set_viewport_size({"width": 640, "height": 900})
    screenshot("editor-offline-640")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # Back online: checked again by itself, no edit needed.
    page.context.set_offline(False)
    expect(page.get_by_test_id("shape-relu1")).to_have_text("(10)")
    expect(unreachable).to_have_text("")
    expect(train).to_be_enabled()

    # A template opened offline shows none of the last design's shapes under its own layers of
    # the same ids (its fc1 read "(10)", the last design's): they wait for the server.
    page.context.set_offline(True)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-mlp").click()
    expect(unreachable).to_have_text(UNREACHABLE)
    expect(page.get_by_test_id("shape-fc1")).to_have_text("")
    expect(page.get_by_test_id("total-params")).to_have_text("parameters not counted yet")
    screenshot("editor-offline-template")
    page.context.set_offline(False)
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(64)")
    expect(unreachable).to_have_text("")
