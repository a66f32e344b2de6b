"""Where the focus lands is seen and near: a heading given the focus by the keyboard shows a
ring (styles.css took it off every such heading), and a wire deleted on the canvas leaves the
focus on the layer it came from, not on the input at the canvas's top."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_canvas, open_editor, wait_for_canvas_fit


def test_a_heading_focused_by_the_keyboard_shows_it(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    page.reload()
    expect(page.get_by_test_id("palette-Linear")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("skip-to-training")).to_be_focused()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Training")
    expect(heading).to_be_focused()
    ring = heading.evaluate(
        "h => [getComputedStyle(h).outlineStyle, getComputedStyle(h).outlineWidth]"
    )
    assert ring[0] != "none" and ring[1] != "0px", ring


def test_a_wire_deleted_leaves_the_focus_on_its_layer(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-residual").click()
    open_canvas(page)
    wait_for_canvas_fit(page, "fc")
    act1 = page.locator(".react-flow__node", has=page.get_by_test_id("node-act1"))
    act1.focus()
    page.keyboard.press("Shift")  # the keyboard's focus, as after Tab
    page.keyboard.press("ArrowDown")
    wire = page.locator(".react-flow__edge:focus")
    expect(wire).to_have_attribute("aria-label", "Wire from act1 to conv2, shape (16, 8, 8)")
    page.keyboard.press("Delete")
    expect(page.get_by_test_id("edge-act1-conv2")).to_have_count(0)
    expect(act1).to_be_focused()
