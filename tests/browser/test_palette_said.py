"""What a palette click shows. On a phone the layers lie below the fold, and a tap on Linear looked
like nothing happened: a line under the palette now says what was added, and its Show it scrolls to
the new layer. On a laptop the palette's title stays in its box however the box scrolls (a click on
a part-shown type had cut it in half), and Train is in the window without scrolling. A card whose
error leaves it no shape says so in words, not with a stray dash."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor, screenshot_page


def _in_window(page: Page, test_id: str) -> bool:
    box = page.get_by_test_id(test_id).bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_a_tap_on_the_phone_palette_says_what_it_added(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(phone, server_url)
    phone.get_by_test_id("palette-Linear").tap()
    said = phone.get_by_test_id("layer-added")
    expect(said).to_have_text("Added Linear fc1.")
    expect(said).to_be_visible()
    # On screen where the tap was, just under the palette: not below the fold with the layers.
    palette = phone.get_by_role("navigation", name="Layer palette").bounding_box()
    line = said.bounding_box()
    assert palette is not None and line is not None
    assert 0 <= line["y"] - (palette["y"] + palette["height"]) <= 24, (palette, line)
    assert _in_window(phone, "layer-added")
    assert not _in_window(phone, "layer-card-fc1")  # the reason for the line
    screenshot_page(phone, screenshot, "palette-said-phone")
    phone.get_by_test_id("layer-added-show").tap()
    expect(phone.get_by_test_id("layer-card-fc1")).to_be_in_viewport()
    # The next tap names the next layer.
    phone.get_by_test_id("palette-ReLU").scroll_into_view_if_needed()
    phone.get_by_test_id("palette-ReLU").tap()
    expect(said).to_have_text("Added ReLU relu1 after fc1.")  # fc1 is the card open


def test_the_palette_title_and_train_stay_in_sight_on_a_laptop(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    open_editor(page, server_url)
    # Train without scrolling: it was at y 990, under eight folded option panels.
    assert page.evaluate("() => window.scrollY") == 0
    assert _in_window(page, "train-button")
    # The line under the palette is for a phone: here the layers are beside it.
    page.get_by_test_id("palette-ReLU").click()  # below the box's fold: the box scrolls to it
    page.get_by_test_id("palette-Linear").click()  # back up to the top type
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    expect(page.get_by_test_id("layer-added-show")).to_be_hidden()
    palette = page.get_by_role("navigation", name="Layer palette")

    def title_in_box() -> None:
        box = palette.bounding_box()
        title = palette.get_by_role("heading", name="Add a layer").bounding_box()
        linear = page.get_by_test_id("palette-Linear").bounding_box()
        head = page.get_by_test_id("palette-head").bounding_box()
        assert box is not None and title is not None and linear is not None and head is not None
        assert title["y"] >= box["y"], (title, box)  # the whole title in the box
        # Linear, if in sight, below the title, not under it.
        if linear["y"] + linear["height"] > head["y"] + head["height"]:
            assert linear["y"] >= head["y"] + head["height"] - 1, (linear, head)

    title_in_box()
    palette.evaluate("(box) => box.scrollBy(0, 20)")  # as the review's clicks left it
    assert palette.evaluate("(box) => box.scrollTop") == 20
    title_in_box()
    screenshot("palette-title-laptop")


def test_a_card_whose_error_leaves_it_no_shape_says_so(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    for layer in ("Conv2d", "Linear"):  # no Flatten: Linear's error
        page.get_by_test_id(f"palette-{layer}").click()
    expect(page.get_by_test_id("error-fc1")).to_contain_text("add a Flatten before it")
    expect(page.get_by_test_id("layer-card-fc1").get_by_test_id("shape-fc1")).to_have_text(
        "no shape (see the error)"
    )
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(16, 6, 6)")
