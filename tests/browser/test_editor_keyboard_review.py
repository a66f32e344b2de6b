"""What a keyboard and screen-reader review of the editor found: after each key press the focus
stays on something (not <body>), what changed is said in the polite live region, and each
control's name is its own words (no error text, no arrow glyphs)."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_canvas, open_editor, set_param
from tests.browser.test_download import offline_server_url  # noqa: F401 (a fixture)


def focused_test_id(page: Page) -> str | None:
    """The data-testid of the element that has the keyboard's focus, or "<body>"."""
    return page.evaluate(
        "() => document.activeElement === document.body ? '<body>'"
        " : document.activeElement?.getAttribute('data-testid')"
    )


def test_a_refused_train_keeps_the_focus_and_names_the_setting_in_words(
    page: Page,
    offline_server_url: str,  # noqa: F811
    screenshot: Callable[[str], None],
) -> None:
    """CIFAR-10 where the server cannot download it: Train is refused. The focus stayed on
    <body> (Train was disabled while it started), and the error began `training.dataset:`."""
    open_editor(page, offline_server_url)
    page.get_by_test_id("dataset-select").select_option("cifar10")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "10")
    train = page.get_by_test_id("train-button")
    # The server's first checks of a design, as its module's server warms up beside two other
    # test processes, took over the 15 s an expect waits in a CI run (a click waits 30 s).
    expect(train).to_be_enabled(timeout=60_000)
    train.focus()
    page.keyboard.press("Enter")
    errors = page.get_by_test_id("run-errors")
    expect(errors).to_contain_text("the server cannot reach 127.0.0.1:")
    expect(errors).to_have_attribute("role", "alert")
    assert focused_test_id(page) == "train-button"
    said = errors.inner_text()
    assert "training." not in said, said
    assert said.startswith("Dataset: `cifar10` is not on this server yet") or said.startswith(
        "Dataset: cifar10 is not on this server yet"
    ), said
    screenshot("review-train-refused")


def test_a_template_chosen_by_keyboard_keeps_the_focus_and_says_what_it_loaded(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    menu = page.get_by_test_id("templates-menu")
    menu.focus()
    page.keyboard.press("Enter")  # opens it: its first item has the focus
    expect(page.get_by_test_id("template-mlp")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_test_id("template-lenet")).to_be_focused()
    page.keyboard.press("Enter")
    first = page.locator('[data-testid="layer-card-conv1"], [data-testid="open-conv1"]').first
    expect(first).to_be_visible()
    layers = page.locator(".stack [data-layer-key]").count()
    expect(page.get_by_test_id("layer-added")).to_have_text(
        f"Loaded the LeNet-style CNN template: {layers} layers."
    )
    assert focused_test_id(page) == "templates-menu"
    screenshot("review-template-loaded")

    # Undone, the line goes (it spoke of layers no longer there); chosen again, the same words
    # are said again (the live region's text changes, from nothing).
    line = page.get_by_test_id("layer-added")
    page.get_by_test_id("undo").click()
    expect(page.locator(".stack [data-layer-key]")).to_have_count(0)
    expect(line).to_have_text("")
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("template-mlp")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator(".stack [data-layer-key]")).to_have_count(layers)
    expect(line).to_have_text(f"Loaded the LeNet-style CNN template: {layers} layers.")


def test_a_fix_by_keyboard_focuses_the_inserted_layer_and_says_so(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Linear")  # the digits are (1, 8, 8): it needs a Flatten before it
    fix = page.get_by_test_id("fix-fc1")
    expect(fix).to_have_text("Fix: Insert a Flatten before fc1")
    fix.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("layer-id-flat1")).to_be_focused()
    expect(page.get_by_test_id("layer-added")).to_have_text("Inserted Flatten flat1 before fc1.")
    screenshot("review-fix-inserted")


def test_a_pooling_after_the_flatten_is_moved_before_it_by_its_fix(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """It said only "place it before any Flatten", and the learner had to find how."""
    open_editor(page, server_url)
    for layer in ("Conv2d", "Flatten", "MaxPool2d", "Linear"):
        add_layer(page, layer)
    fix = page.get_by_test_id("fix-pool1")
    expect(fix).to_have_text("Fix: Move pool1 before flat1")
    screenshot("fix-move-before-flatten")
    fix.click()
    expect(page.get_by_test_id("layer-added")).to_have_text("Moved pool1 before flat1.")
    cards = page.locator('[data-testid^="layer-card-"]')
    expect(cards).to_have_count(4)
    order = [c.get_attribute("data-testid") for c in cards.all()]
    assert order == [f"layer-card-{i}" for i in ("conv1", "pool1", "flat1", "fc1")], order
    expect(page.get_by_test_id("fix-pool1")).to_have_count(0)
    expect(page.get_by_test_id("train-button")).to_be_enabled()


def test_a_field_error_describes_the_field_without_renaming_it(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    rate = page.get_by_test_id("lr-input")
    rate.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("-1")
    error = page.get_by_test_id("lr-input-error")
    expect(error).to_be_visible()
    expect(rate).to_have_attribute("aria-invalid", "true")
    expect(rate).to_have_accessible_name("Learning rate")
    expect(rate).to_have_accessible_description(error.inner_text())
    assert page.evaluate("() => document.querySelector('.field-error').closest('label')") is None
    page.keyboard.press("Control+a")
    page.keyboard.type("abc")  # a number input keeps none of it: empty, and said so
    expect(rate).to_have_accessible_name("Learning rate")
    expect(rate).to_be_focused()
    screenshot("review-field-error")


def test_train_on_an_empty_design_is_reached_by_tab_and_says_why_it_is_off(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    train = page.get_by_test_id("train-button")
    expect(train).to_have_attribute("aria-disabled", "true")
    expect(train).to_be_disabled()  # to assistive tech and Playwright alike
    expect(train).to_have_accessible_description("Add a layer to the design first.")
    train.focus()
    expect(train).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(train).not_to_be_focused()
    page.keyboard.press("Tab")
    expect(train).to_be_focused()  # in the Tab order
    page.keyboard.press("Enter")  # refused: no run, no error
    page.keyboard.press("Space")
    page.wait_for_timeout(300)
    assert "/runs/" not in page.url
    expect(page.get_by_test_id("run-errors")).to_have_count(0)
    expect(train).to_be_focused()
    # With a layer it trains: the reason goes, and so does the description.
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    expect(train).to_be_enabled()
    expect(train).not_to_have_attribute("aria-disabled", "true")


def test_copy_link_says_it_copied_in_a_live_region(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_test_id("copy-link").click()
    note = page.get_by_role("status").filter(has_text="Copied: this link opens the editor")
    expect(note).to_have_count(1)
    expect(note).to_have_attribute("aria-live", "polite")


def test_copy_link_says_when_it_could_not_copy_in_a_live_region(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new Error('no')); }"
    )
    page.get_by_test_id("copy-link").click()
    note = page.get_by_role("status").filter(has_text="Select the link and copy it")
    expect(note).to_have_count(1)


def _contrast(a: list[float], b: list[float]) -> float:
    def lum(rgb: list[float]) -> float:
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _more_colours(page: Page) -> tuple[list[float], list[float]]:
    """The hint's text colour and the palette box's background under it (the fade's end)."""
    return page.evaluate(
        """() => {
          const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const more = document.querySelector('[data-testid="palette-more"]');
          const box = document.querySelector('.palette');
          return [rgb(getComputedStyle(more).color), rgb(getComputedStyle(box).backgroundColor)];
        }"""
    )


def test_the_palette_more_hint_is_readable_in_both_themes(phone: Page, server_url: str) -> None:
    for scheme in ("dark", "light"):
        phone.emulate_media(color_scheme=scheme)
        open_editor(phone, server_url)
        expect(phone.get_by_test_id("palette-more")).to_be_visible()
        text, back = _more_colours(phone)
        assert _contrast(text, back) >= 4.5, (scheme, text, back, _contrast(text, back))


def test_undo_and_redo_are_named_without_their_arrows(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    expect(page.get_by_test_id("undo")).to_have_accessible_name("Undo")
    expect(page.get_by_test_id("redo")).to_have_accessible_name("Redo")
    expect(page.get_by_role("button", name="Undo", exact=True)).to_have_count(1)


def _tab_to(page: Page, found: str, key: str = "Tab", most: int = 40) -> None:
    """Presses Tab (or `key`) until the focus is on what `found` (a script returning true) says."""
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate(found):
            return
    raise AssertionError(f"Tab never reached {found}")


def test_escape_on_a_canvas_node_or_wire_keeps_the_focus_there(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """React Flow's own Escape deselected and blurred: the focus fell to <body>."""
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    open_canvas(page)
    page.get_by_test_id("canvas-tab").focus()
    _tab_to(page, "() => !!document.activeElement?.querySelector('[data-testid=\"node-flat1\"]')")
    node = page.locator(".react-flow__node", has=page.get_by_test_id("node-flat1"))
    expect(page.get_by_test_id("node-flat1")).to_have_class(re.compile(r"\bis-selected\b"))
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)  # React Flow blurred on the next frame
    expect(node).to_be_focused()
    expect(page.get_by_test_id("node-flat1")).not_to_have_class(re.compile(r"\bis-selected\b"))

    # A wire is reached from its layer with the arrow keys (no Tab stop: wireKeys.ts).
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement?.matches('.react-flow__edge')")
    wire = page.locator(".react-flow__edge:focus")
    ring = wire.evaluate(
        """(e) => {
          const halo = e.querySelector('.react-flow__edge-interaction');
          const s = getComputedStyle(e), h = getComputedStyle(halo);
          return { outline: s.outlineStyle, halo: h.stroke, opacity: h.strokeOpacity };
        }"""
    )
    assert ring["outline"] != "none" or (
        ring["halo"] not in ("none", "transparent", "rgba(0, 0, 0, 0)") and ring["opacity"] != "0"
    ), ring
    screenshot("review-wire-focused")
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)
    expect(wire).to_have_count(1)  # still focused
    assert page.evaluate("() => document.activeElement?.matches('.react-flow__edge')")


def test_a_fix_on_the_canvas_by_keyboard_takes_the_focus_to_the_inspector(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Linear")
    open_canvas(page)
    fix = page.get_by_test_id("node-fix-fc1")
    expect(fix).to_have_text("Fix: Insert a Flatten before fc1")
    fix.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("node-flat1")).to_be_visible()
    expect(page.get_by_test_id("layer-id-flat1")).to_be_focused()  # the inspector edits it
    expect(page.get_by_test_id("layer-added")).to_have_text("Inserted Flatten flat1 before fc1.")


def test_the_train_bar_is_reached_by_tab_and_says_why_it_is_off(
    phone: Page, server_url: str
) -> None:
    open_editor(phone, server_url)
    bar = phone.get_by_test_id("train-bar-button")
    expect(bar).to_have_attribute("aria-disabled", "true")
    expect(bar).to_have_accessible_description("Add a layer to the design first.")
    bar.focus()
    expect(bar).to_be_focused()
    phone.keyboard.press("Enter")
    phone.wait_for_timeout(300)
    assert "/runs/" not in phone.url
    expect(bar).to_be_focused()
