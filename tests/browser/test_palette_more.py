"""On a phone the palette is a short box of its own: it says how many layer types it holds and,
until it is scrolled to its end, how many lie below what it shows (a reviewer saw four of thirty
and took them for the whole palette)."""

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor


def hidden_below(page: Page) -> int:
    """The layer types not wholly shown, below the bottom of the palette's box."""
    return int(
        page.evaluate(
            """() => {
              const box = document.querySelector('.palette');
              const bottom = box.getBoundingClientRect().top + box.clientTop + box.clientHeight;
              return [...box.querySelectorAll('.palette-item')]
                .filter((item) => item.getBoundingClientRect().bottom > bottom + 1).length;
            }"""
        )
    )


def test_the_phone_palette_says_more_layer_types_follow(phone: Page, server_url: str) -> None:
    open_editor(phone, server_url)
    layers = api_of(phone).get(f"{server_url}/api/catalog").json()["layers"]
    groups = {layer["category"] for layer in layers}
    told = f"{len(layers)} layer types in {len(groups)} groups"
    expect(phone.get_by_test_id("palette-count")).to_have_text(told)
    below = hidden_below(phone)
    assert below > len(layers) // 2, "the phone's palette box shows a few layer types at a time"
    more = phone.get_by_test_id("palette-more")
    expect(more).to_have_text(f"↓ {below} more below")
    # It lies on the box's bottom edge, inside the box, over no control outside it.
    palette = phone.get_by_role("navigation", name="Layer palette").bounding_box()
    hint = more.bounding_box()
    assert palette is not None and hint is not None
    assert abs(hint["y"] + hint["height"] - (palette["y"] + palette["height"] - 1)) <= 2
    assert (
        hint["x"] >= palette["x"] and hint["x"] + hint["width"] <= palette["x"] + palette["width"]
    )

    # A swipe up the box to its end: nothing more below, and the hint goes.
    phone.get_by_test_id("palette-Conv2d").hover()
    for _ in range(20):
        phone.mouse.wheel(0, 400)
    expect(more).to_have_count(0)
    assert hidden_below(phone) == 0
