"""Inside the model: after a drawn digit is tried, each layer's output is on the page in the
order the data flows, with its id, type and shape, drawn as grey tiles or a strip; the first
convolution's filters too; on a page opened through a share link as well."""

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Locator, Page, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import screenshot_page, train_through_page
from tests.browser.test_share import TRAINING, draw_a_stroke

LAYERS = [
    ("input", "Input", "(1, 8, 8)"),
    ("conv1", "Conv2d", "(16, 8, 8)"),
    ("act1", "ReLU", "(16, 8, 8)"),
    ("pool1", "MaxPool2d", "(16, 4, 4)"),
    ("flat", "Flatten", "(256)"),
    ("fc", "Linear", "(10)"),
]


def trained(page: Page) -> str:
    """The design contract's digits CNN, trained for an epoch through this browser's session."""
    return train_through_page(page, DIGITS_CNN, {**TRAINING, "epochs": 1, "batch_size": 64})


def draw_across(page: Page) -> None:
    """A stroke from left to right across the middle of the grid."""
    box = page.get_by_test_id("draw-grid").bounding_box()
    assert box is not None
    left, y = box["x"] + box["width"] * 0.15, box["y"] + box["height"] / 2
    page.mouse.move(left, y)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(left + box["width"] * 0.07 * i, y)
    page.mouse.up()


def greys(canvas: Locator) -> list[int]:
    """A canvas's pixels as one grey byte each (its red)."""
    pixels: list[int] = canvas.evaluate(
        """canvas => Array.from(canvas.getContext("2d").getImageData(0, 0, canvas.width,
        canvas.height).data).filter((_, i) => i % 4 === 0)"""
    )
    return pixels


def look_inside(page: Page) -> Locator:
    """Draws a stroke, opens Inside the model, and checks what it shows; its panel."""
    draw_a_stroke(page)
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
    inside = page.get_by_test_id("inside-model")
    inside.get_by_text("Inside the model").click()
    layers = inside.get_by_test_id("layer-output")
    expect(layers).to_have_count(len(LAYERS))
    seen = [
        (
            layer.locator(".layer-output-id").inner_text(),
            layer.locator(".layer-type").inner_text(),
            layer.get_by_test_id("layer-shape").inner_text(),
        )
        for layer in layers.all()
    ]
    assert seen == LAYERS
    conv = inside.locator('[data-layer="conv1"][data-testid="layer-output"]')
    expect(conv.get_by_test_id("layer-tile")).to_have_count(16)
    expect(conv.get_by_test_id("layer-range")).to_contain_text(re.compile(r"^min -?[\d.]+ · max"))
    tile = conv.get_by_test_id("layer-tile").first
    assert tile.evaluate("t => getComputedStyle(t).imageRendering") == "pixelated"
    assert tile.evaluate("t => [t.width, t.height, t.clientWidth]") == [8, 8, 40]  # 5× scaled up
    drawn = [greys(t) for t in conv.get_by_test_id("layer-tile").all()]
    assert len({byte for pixels in drawn for byte in pixels}) > 2  # images, not blank tiles
    assert min(min(p) for p in drawn) == 0 and max(max(p) for p in drawn) == 255
    strip = inside.locator('[data-layer="flat"]').get_by_test_id("layer-strip")
    assert strip.evaluate("s => s.width") == 256 and len(set(greys(strip))) > 2
    expect(inside.locator('[data-layer="fc"]').get_by_test_id("layer-range")).to_contain_text(
        "10 values"
    )
    filters = inside.get_by_test_id("layer-filters")
    expect(filters.get_by_test_id("layer-shape")).to_have_text("(16, 1, 3, 3)")
    expect(filters.get_by_test_id("layer-tile")).to_have_count(16)
    expect(filters.get_by_test_id("layer-range")).to_contain_text("16 kernels")
    return inside


def test_see_inside_the_model_for_a_drawn_digit(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = trained(page)
    page.goto(f"{server_url}/models/{run_id}")
    inside = look_inside(page)
    before = greys(inside.locator('[data-layer="input"]').get_by_test_id("layer-tile"))
    draw_across(page)  # a second stroke: the open panel follows the new input
    expect(page.get_by_test_id("inside-model")).to_have_attribute("open", "")
    changed = inside.locator('[data-layer="input"]').get_by_test_id("layer-tile")
    page.wait_for_function(
        """([before]) => {
          const c = document.querySelector('[data-layer="input"] [data-testid="layer-tile"]');
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          return d.some((v, i) => i % 4 === 0 && v !== before[i / 4]);
        }""",
        arg=[before],
    )
    assert greys(changed) != before

    # By keyboard: the grid takes the focus, an arrow moves its pen, Shift inks as it moves, and
    # the answer is said (drawing was mouse-only, its answer unsaid).
    page.get_by_role("button", name="Clear").click()
    grid = page.get_by_test_id("draw-grid")
    grid.focus()
    blank = greys(grid)
    said = page.get_by_test_id("prediction-said")
    expect(said).to_have_text("")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowDown")
    expect(said).to_have_text(re.compile(r"^Predicted class \d, \d+\.\d%\.$"))
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
    assert greys(grid) != blank
    screenshot("try-it-keyboard")
    for width, scheme in ((1440, "light"), (1024, "light"), (1440, "dark"), (1024, "dark")):
        page.set_viewport_size({"width": width, "height": 1000})
        page.emulate_media(color_scheme=scheme)
        screenshot(f"inside-model-{width}-{scheme}")
        if width == 1440:  # the open panel reads in either theme
            assert serious_violations(page) == [], scheme

    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    stranger = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        shared = stranger.new_page()
        url = share.json()["url"]
        shared.goto(url if url.startswith("http") else server_url + url)
        look_inside(shared)
        screenshot_page(shared, screenshot, "inside-model-shared")
    finally:
        stranger.close()
