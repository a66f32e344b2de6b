"""A layer added from the palette by keyboard takes the focus, in the List and on the Canvas, so it
is edited at once (before, the focus stayed in the palette, some 30 buttons away); a status line
says what was added. A mouse click leaves the focus alone."""

import re

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_canvas, open_editor


def test_a_layer_added_by_keyboard_takes_the_focus(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")  # a click: the focus is not moved
    expect(page.get_by_test_id("layer-id-flat1")).not_to_be_focused()

    page.get_by_test_id("palette-Linear").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("layer-id-fc1")).to_be_focused()
    expect(page.get_by_test_id("layer-added")).to_have_text(
        "Added Linear fc1; its settings follow."
    )
    page.keyboard.press("Tab")  # on through its card
    expect(page.get_by_role("button", name="Move fc1 up")).to_be_focused()

    # On the canvas, the new layer is selected and the inspector's field has the focus.
    open_canvas(page)
    page.get_by_test_id("palette-ReLU").focus()
    page.keyboard.press("Space")
    inspector = page.get_by_test_id("inspector")
    expect(inspector.get_by_test_id("layer-id-relu1")).to_be_focused()
    expect(page.get_by_test_id("node-relu1")).to_have_class(re.compile(r"\bis-selected\b"))
