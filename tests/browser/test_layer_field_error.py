"""A layer's setting with an error is marked invalid and described by the error under its card:
a screen reader back on the field hears what is wrong and how to fix it (the field only turned
red, and the error was said once, in the design's status line)."""

import re

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_a_layer_field_with_an_error_names_it(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    field = page.locator("#param-fc1-out_features")
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(
        "Linear fc1: out_features must be a whole number from 1 to 65536, got 0."
    )
    # A field without an error says none.
    bias = page.locator("#param-fc1-bias")
    expect(bias).to_have_attribute("aria-invalid", "false")
    expect(bias).not_to_have_attribute("aria-describedby", "")

    # An error the design's check finds against the dataset names its field too.
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(
        re.compile(
            r"^CrossEntropyLoss needs one output per class: .* Set out_features of fc1 to 10\."
        )
    )

    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    expect(field).to_have_attribute("aria-invalid", "false")
    expect(field).to_have_accessible_description("")
