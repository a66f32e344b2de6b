"""Steps a person takes in the editor, for the browser tests."""

from playwright.sync_api import Page, expect


def open_editor(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()


def add_layer(page: Page, layer_type: str) -> None:
    page.get_by_test_id(f"palette-{layer_type}").click()


def set_param(page: Page, layer_id: str, name: str, value: str) -> None:
    page.locator(f"#param-{layer_id}-{name}").fill(value)
