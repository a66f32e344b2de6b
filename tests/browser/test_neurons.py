"""Neurons: a spiral model's page shows each layer's units over the plane as small maps, one row a
layer, as TensorFlow Playground does; hovering one shows it large with its label, in either theme
and on a phone as at 1440 px."""

from collections.abc import Callable

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, train_through_page

MLP = {
    "version": 1,
    "name": "spiral-neurons",
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act1", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
    ],
}
TRAINING = {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.03,
            "epochs": 5, "batch_size": 32, "seed": 0}  # fmt: skip
ROWS = [("input", 2), ("fc1", 8), ("act1", 8), ("fc2", 2)]

_COLOURS = """canvas => {
  const d = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length; i += 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
  return seen.size;
}"""
_CORNER = "canvas => Array.from(canvas.getContext('2d').getImageData(0, 0, 1, 1).data)"
# The large map's size as shown (CSS pixels, inside its border) and as drawn (canvas pixels).
_SIZES = "c => [c.clientWidth, c.width, c.height, devicePixelRatio]"
_DRAWN_AS_SHOWN = "c => c.width === c.clientWidth * devicePixelRatio && c.height === c.width"


def _tile(neurons: Locator, layer: str, unit: int) -> Locator:
    return neurons.locator(f'[data-testid="neuron-tile"][data-layer="{layer}"][data-unit="{unit}"]')


def test_a_spiral_model_shows_its_neurons_and_one_large_on_hover(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, MLP, TRAINING)
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{server_url}/models/{run_id}")

    neurons = page.get_by_test_id("neurons")
    rows = neurons.get_by_test_id("neuron-row")
    expect(rows).to_have_count(len(ROWS))
    for row, (layer, units) in zip(rows.all(), ROWS, strict=True):
        assert row.get_attribute("data-layer") == layer
        expect(row.get_by_test_id("neuron-tile")).to_have_count(units)
    # The first hidden layer's first unit is shown large at first.
    chosen = neurons.get_by_test_id("neuron-chosen")
    expect(chosen).to_have_text("fc1 · unit 0")

    tile = _tile(neurons, "fc1", 3)
    tile.hover()
    expect(chosen).to_have_text("fc1 · unit 3")
    expect(tile).to_have_attribute("aria-pressed", "true")
    expect(tile).to_have_attribute("aria-label", "fc1, unit 3")
    # A unit of a Linear on the plane is a ramp: many colours, not a blank tile.
    assert tile.locator("canvas").evaluate(_COLOURS) > 20
    large = neurons.get_by_test_id("neuron-large").locator("canvas")
    assert large.evaluate(_COLOURS) > 20
    # The large map grows with the room, drawn at the size it is shown: crisp, not stretched.
    page.wait_for_function(_DRAWN_AS_SHOWN, arg=large.element_handle(), timeout=5000)
    shown, width, height, _ = large.evaluate(_SIZES)
    assert 240 < shown <= 480 and width == height == shown, (shown, width, height)
    # The tiles grow with the room: wider than the 40 px they are at least, a row still on one line.
    box = tile.locator("canvas").bounding_box()
    assert box and 40 < box["width"] <= 96, box
    row_tiles = [t.bounding_box() for t in rows.nth(2).get_by_test_id("neuron-tile").all()]
    assert len({t["y"] for t in row_tiles if t}) == 1, row_tiles
    screenshot("neurons-1440-light")
    assert serious_violations(page) == []

    # Tapped on a phone, the other tile shows; the theme's dark colours redraw the maps.
    light = tile.locator("canvas").evaluate(_CORNER)
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="dark")
    _tile(neurons, "act1", 5).click()
    expect(chosen).to_have_text("act1 · unit 5")
    page.wait_for_function(
        "([canvas, before]) => canvas.getContext('2d').getImageData(0, 0, 1, 1).data"
        ".some((v, i) => v !== before[i])",
        arg=[tile.locator("canvas").element_handle(), light],
    )
    box = neurons.bounding_box()
    assert box is not None and box["width"] <= 390
    large_box = large.bounding_box()  # as wide as the panel lets it, and no wider
    assert large_box and large_box["width"] > 240 and large_box["x"] + large_box["width"] <= 390
    screenshot("neurons-390-dark")

    # A share link's page draws the same rows, read through the link.
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    # On a screen of two pixels to each CSS pixel, the large map is drawn with twice as many.
    stranger = browser.new_context(viewport={"width": 1440, "height": 1000}, device_scale_factor=2)
    try:
        shared = stranger.new_page()
        url = share.json()["url"]
        shared.goto(url if url.startswith("http") else server_url + url)
        expect(shared.get_by_test_id("neurons").get_by_test_id("neuron-tile")).to_have_count(20)
        canvas = shared.get_by_test_id("neurons").get_by_test_id("neuron-large").locator("canvas")
        shared.wait_for_function(_DRAWN_AS_SHOWN, arg=canvas.element_handle(), timeout=5000)
        shown, width, height, ratio = canvas.evaluate(_SIZES)
        assert ratio == 2 and shown > 240 and width == height == 2 * shown, (shown, width)
    finally:
        stranger.close()
