"""Each editor tab keeps its own design across its reloads, and a new tab opens the design saved
last: with one copy for the whole browser, an edit in tab A overwrote tab B's design, and a reload
of B brought back A's, B's four layers and its name gone (review finding 1)."""

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import add_layer, open_editor

KEY = "torchcanvas.editor.v1"


def layers(tab: Page) -> Locator:
    return tab.locator('[data-testid^="layer-card-"]')


def saved_layers(tab: Page, count: int) -> None:
    """Waits until the browser's latest saved design (a new tab's) has `count` layers."""
    tab.wait_for_function(
        f"() => JSON.parse(localStorage.getItem('{KEY}') ?? 'null')?.design.layers.length === {count}"
    )


def test_two_tabs_keep_their_own_designs_and_a_new_tab_opens_the_latest(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    tab_a = page
    open_editor(tab_a, server_url)
    tab_b = tab_a.context.new_page()
    open_editor(tab_b, server_url)
    tab_b.get_by_test_id("design-name").fill("B's careful design")
    for layer in ("Flatten", "Linear", "ReLU", "Linear"):
        add_layer(tab_b, layer)
    expect(layers(tab_b)).to_have_count(4)
    saved_layers(tab_b, 4)

    # A, open since before, makes one edit: the latest save is A's.
    tab_a.bring_to_front()
    add_layer(tab_a, "Flatten")
    saved_layers(tab_a, 1)

    tab_b.bring_to_front()
    tab_b.reload()
    expect(tab_b.get_by_test_id("design-name")).to_have_value("B's careful design")
    expect(layers(tab_b)).to_have_count(4)
    screenshot("tabs_b_after_reload")

    # B's reload changed nothing: a new tab opens the design saved last, A's.
    tab_c = tab_a.context.new_page()
    open_editor(tab_c, server_url)
    expect(layers(tab_c)).to_have_count(1)
    tab_c.close()

    # B edits again: now B's is the latest, and A's reload still brings back A's own.
    add_layer(tab_b, "Dropout")
    saved_layers(tab_b, 5)
    tab_a.reload()
    expect(layers(tab_a)).to_have_count(1)
    tab_a.set_viewport_size({"width": 640, "height": 900})
    screenshot("tabs_a_after_reload_640")
    tab_d = tab_a.context.new_page()
    open_editor(tab_d, server_url)
    expect(tab_d.get_by_test_id("design-name")).to_have_value("B's careful design")
    expect(layers(tab_d)).to_have_count(5)
    tab_d.close()
