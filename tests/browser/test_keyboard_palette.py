"""Keyboard only, a small MLP in few presses: the palette is one Tab stop with arrow keys and
letters inside it, a skip link and Alt+A bring the focus back to it from a layer just added. Before,
the way back from a new layer's card was 31 to 40 Shift+Tabs, and the MLP took 157 presses."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor


class Keys:
    """Presses keys on a page and counts them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def focused(self) -> str | None:
        return self.page.evaluate("() => document.activeElement?.getAttribute('data-testid')")

    def until(self, key: str, test_id: str, most: int) -> None:
        """Presses `key` until the element `test_id` has the focus, at most `most` times."""
        for _ in range(most):
            if self.focused() == test_id:
                return
            self.press(key)
        assert self.focused() == test_id, f"{most} presses of {key} did not reach {test_id}"


def test_a_small_mlp_by_keyboard_takes_few_presses(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.reload()  # as a keyboard user meets it: nothing focused
    expect(page.get_by_test_id("palette-Linear")).to_be_visible()
    keys = Keys(page)

    keys.press("Tab")
    keys.press("Tab")
    expect(page.get_by_test_id("skip-to-palette")).to_be_focused()
    screenshot("editor-skip-to-palette")
    keys.press("Enter")
    mlp = (("Flatten", "flat1"), ("Linear", "fc1"), ("ReLU", "relu1"), ("Linear", "fc2"))
    for layer, layer_id in mlp:
        # A letter moves to the next layer type that starts with it.
        keys.until(layer[0].lower(), f"palette-{layer}", most=8)
        keys.press("Enter")
        expect(page.get_by_test_id(f"layer-id-{layer_id}")).to_be_focused()
        keys.press("Alt+A")  # back to the palette, on the type just added
        expect(page.get_by_test_id(f"palette-{layer}")).to_be_focused()
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    keys.press("Alt+T")  # to Train itself, some twenty Tab stops on
    expect(page.get_by_test_id("train-button")).to_be_focused()
    screenshot("editor-keyboard-built")
    # 22 here: 2 Tabs and Enter in, a letter or three, Enter and Alt+A for each layer, Alt+T.
    assert keys.count <= 25, f"{keys.count} presses for Flatten, Linear, ReLU, Linear and Train"
    # On the run's page the focus is on its heading, where the next Tab goes on (not the body's start).
    page.get_by_test_id("epochs-input").fill("1")
    page.get_by_test_id("train-button").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".dashboard-head h2")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("run-open-in-editor")).to_be_focused()


def test_the_palette_is_one_tab_stop_with_arrow_keys_inside(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    first = page.locator(".palette-item").first
    first.focus()
    page.keyboard.press("ArrowDown")
    second = page.locator(".palette-item").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press("Tab")  # out of the palette at once, not to the next layer type
    expect(page.locator(".palette-item:focus")).to_have_count(0)
    page.keyboard.press("Shift+Tab")  # back in, on the type left
    expect(second).to_be_focused()
    page.keyboard.press("End")
    expect(page.locator(".palette-item").last).to_be_focused()
    page.keyboard.press("ArrowDown")  # round to the first
    expect(first).to_be_focused()
    assert page.locator(".palette-item[tabindex='0']").count() == 1
    # Letters typed together name a type: "fl" is Flatten ("l" alone jumped on to LeakyReLU).
    page.keyboard.type("fl")
    expect(page.get_by_test_id("palette-Flatten")).to_be_focused()
    page.wait_for_timeout(800)  # a pause: the next letter starts a new word
    page.keyboard.type("r")
    expect(page.get_by_test_id("palette-ReLU")).to_be_focused()
