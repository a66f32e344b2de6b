"""A layer added from the palette by keyboard takes the focus, in the List and on the Canvas, so it
is edited at once (before, the focus stayed in the palette, some 30 buttons away); a status line
says what was added. A mouse click leaves the focus alone."""

import re

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_canvas, open_editor, open_template


def test_a_layer_added_by_keyboard_takes_the_focus(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")  # a click: the focus is not moved
    expect(page.get_by_test_id("layer-id-flat1")).not_to_be_focused()

    page.get_by_test_id("palette-Linear").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("layer-id-fc1")).to_be_focused()
    expect(page.get_by_test_id("layer-added")).to_have_text(
        "Added Linear fc1 after flat1; its settings follow."
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


def _layer_order(page: Page) -> list[str]:
    cards = page.locator("[data-testid^='layer-card-']")
    return [
        str(card.get_attribute("data-testid")).removeprefix("layer-card-") for card in cards.all()
    ]


def test_a_clicked_layer_goes_after_the_one_open_or_selected(page: Page, server_url: str) -> None:
    """A palette click puts the layer after the layer opened last in the List (or the one selected
    on the Canvas), which it then is, so clicks build a chain there; with several open, after the
    one opened last (it went to the end, far from the card just clicked).
    (It always went last: after the MLP's output, whose fix then made the new layer 10 wide.)"""
    open_editor(page, server_url)
    open_template(page, "mlp")
    page.get_by_test_id("open-fc1").click()
    add_layer(page, "Dropout")
    add_layer(page, "ReLU")
    expect(page.get_by_test_id("layer-added")).to_have_text("Added ReLU relu1 after drop1.")
    expect(page.get_by_test_id("layer-id-relu1")).not_to_be_focused()  # a click keeps the focus
    assert _layer_order(page) == ["flat", "fc1", "drop1", "relu1", "act1", "fc2", "act2", "out"]

    page.get_by_test_id("open-act1").click()  # two open: after the one opened last
    add_layer(page, "Dropout")
    expect(page.get_by_test_id("layer-added")).to_have_text("Added Dropout drop2 after act1.")
    assert _layer_order(page)[4:7] == ["act1", "drop2", "fc2"]
    page.get_by_test_id("undo").click()

    open_canvas(page)
    page.get_by_test_id("node-fc2").click()
    add_layer(page, "Dropout")
    expect(page.get_by_test_id("node-drop2")).to_have_class(re.compile(r"\bis-selected\b"))
    page.get_by_test_id("list-tab").click()
    assert _layer_order(page) == [
        "flat", "fc1", "drop1", "relu1", "act1", "fc2", "drop2", "act2", "out"
    ]  # fmt: skip


def test_opening_folding_and_moving_a_layer_keeps_the_focus_on_it(
    page: Page, server_url: str
) -> None:
    """Enter on a folded layer, its fold button, or ↑ until it is first: the focus stays on that
    layer's card. It fell to the page's body, and the next Tab started from the top bar."""
    open_editor(page, server_url)
    open_template(page, "mlp")
    page.get_by_test_id("open-fc1").focus()
    page.keyboard.press("Enter")
    fold = page.get_by_role("button", name="Fold fc1 to one line")
    expect(fold).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("open-fc1")).to_be_focused()
    page.keyboard.press("Enter")
    up = page.get_by_role("button", name="Move fc1 up")
    up.focus()
    page.keyboard.press("Enter")  # above flat: first in the list, ↑ is disabled
    expect(up).to_be_disabled()
    expect(page.get_by_role("button", name="Move fc1 down")).to_be_focused()
    assert _layer_order(page)[:2] == ["fc1", "flat"]


def test_delete_on_a_layer_in_the_list_deletes_it_and_keeps_the_focus_near(
    page: Page, server_url: str
) -> None:
    """Delete worked on the canvas only: in the List it did nothing."""
    open_editor(page, server_url)
    open_template(page, "mlp")
    page.get_by_test_id("open-fc1").focus()
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("layer-card-fc1")).to_have_count(0)
    expect(page.get_by_test_id("open-flat")).to_be_focused()  # the card before it
    # In a field, Delete edits the text: the layer stays.
    page.get_by_test_id("open-act2").click()
    field = page.get_by_test_id("layer-id-act2")
    field.focus()
    page.keyboard.press("End")
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("layer-card-act2")).to_be_visible()
    page.get_by_test_id("undo").click()  # the first delete comes back with Undo
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    # A card's ✕ by keyboard hands the focus on too (it fell to the page's <body>).
    if page.get_by_test_id("open-act2").count():
        page.get_by_test_id("open-act2").click()
    delete = page.get_by_test_id("layer-card-act2").get_by_role("button", name="Delete act2")
    delete.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("layer-card-act2")).to_have_count(0)
    expect(page.locator(".layer-card:focus-within")).to_have_count(1)
