"""The decision boundary forms on the run page while a 2-D run trains, as in TensorFlow
Playground, the network's neurons changing beside it; a reload shows the latest, and once the run
ended its maps replay beside the finished run's finer map: an epoch slider steps through them (and
the neurons with them, the one hovered or tapped shown large), Play shows them one by one."""

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE

MLP = {
    "version": 1,
    "name": "spiral-mlp",
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act1", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act2", "type": "Tanh"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 2}},
    ],
}
# Long enough to watch several maps (two a second at most); the test stops it once it has.
TRAINING = {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
            "epochs": 400, "batch_size": 16, "seed": 0}  # fmt: skip

PLAY_FRAMES = 48  # the most maps Play shows (frontend/src/training/boundaryReplay.ts)
_NEWEST = "([f, n]) => Number(f.dataset.maps) > n && f.dataset.epoch === f.dataset.newest"
# The epochs the map shows, one by one, as Play steps through them.
_WATCH = """(f) => { window.seen = []; new MutationObserver(() => window.seen.push(Number(f.dataset.epoch)))
  .observe(f, {attributes: true, attributeFilter: ["data-epoch"]}); }"""
_PIXELS = "(figure) => figure.querySelector('canvas').toDataURL()"
# The map as drawn at one moment: its epoch, its caption and its pixels, read together.
_MAP = "(f) => [Number(f.dataset.epoch), f.textContent, f.querySelector('canvas').toDataURL()]"
# The neurons as drawn at one moment: their epoch and every tile's pixels.
_NEURONS = """(f) => [Number(f.dataset.epoch),
  [...f.querySelectorAll('[data-testid=neuron-tile] canvas')].map((c) => c.toDataURL())]"""
# The unit shown large as drawn at one moment: its epoch, its name and its pixels, read together.
_LARGE = """(f) => [Number(f.dataset.epoch), f.querySelector('[data-testid=neuron-chosen]').textContent,
  f.querySelector('canvas').toDataURL()]"""
TILES = 8 + 8 + 8 + 8 + 2  # the first 8 units of fc1, act1, fc2 and act2, and fc3's 2


def _epoch(live: Locator) -> int:
    return int(live.get_attribute("data-epoch") or 0)


def test_the_boundary_forms_while_a_2d_run_trains(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    reply = api_of(page).post("/api/runs", data={"design": MLP, "training": TRAINING})
    assert reply.status == 201, reply.text()
    run_id = reply.json()["id"]
    page.goto(f"{server_url}/runs/{run_id}")

    live = page.get_by_test_id("live-boundary")
    neurons = page.get_by_test_id("live-neurons")
    expect(live.locator("canvas")).to_be_visible()
    expect(neurons.get_by_test_id("neuron-tile")).to_have_count(TILES)
    first, caption, pixels = live.evaluate(_MAP)
    first_epoch, first_tiles = neurons.evaluate(_NEURONS)  # maybe a newer map's than `first`
    assert f"Epoch {first} of 400" in caption
    # Its key names the classes by colour, as the finished run's map does (spiral's are a and b).
    expect(live.get_by_test_id("class-legend").locator("li")).to_have_text(["a", "b"])
    # A later map, drawn anew: the epoch it names and the pixels both change while it trains.
    page.wait_for_function(
        "([figure, epoch]) => Number(figure.dataset.epoch) > epoch",
        arg=[live.element_handle(), first],
    )
    assert live.evaluate(_PIXELS) != pixels
    # The neurons change with the maps, each shown at the epoch the map shows.
    page.wait_for_function(
        "([n, epoch]) => Number(n.dataset.epoch) > epoch",
        arg=[neurons.element_handle(), first_epoch],
    )
    tiles = neurons.evaluate(_NEURONS)[1]
    assert sum(a != b for a, b in zip(tiles, first_tiles, strict=True)) > TILES // 2
    same_epoch = "([b, n]) => b.dataset.epoch === n.dataset.epoch"
    assert page.evaluate(same_epoch, [live.element_handle(), neurons.element_handle()])
    expect(page.get_by_test_id("run-status")).to_have_text("running")
    screenshot("live-boundary-training")

    # Moved back by the keyboard, the map stays there while newer ones come; Latest follows again.
    slider = live.get_by_role("slider", name="Epoch of the map shown")
    # The log's first map: the one first drawn, or an earlier one the page replayed (the run may
    # have trained a while before the page opened, on a busy machine).
    slider.press("Home")
    page.wait_for_function(
        "([f, epoch]) => Number(f.dataset.epoch) <= epoch", arg=[live.element_handle(), first]
    )
    home = _epoch(live)
    expect(live.get_by_test_id("boundary-epoch")).to_have_text(f"Epoch {home} of 400")
    expect(neurons).to_have_attribute("data-epoch", str(home))
    maps = int(live.get_attribute("data-maps") or 0)
    page.wait_for_function(
        "([f, n]) => Number(f.dataset.maps) > n", arg=[live.element_handle(), maps]
    )
    expect(live).to_have_attribute("data-epoch", str(home))
    live.get_by_role("button", name="Latest").click()
    page.wait_for_function(_NEWEST, arg=[live.element_handle(), maps])

    # Reopened, the page replays the log and shows the latest map at once.
    seen = _epoch(live)
    page.reload()
    expect(live.locator("canvas")).to_be_visible()
    # Its replay reaches the map seen before (a CI under load drew epoch 39 of 189 first).
    page.wait_for_function(
        "([f, epoch]) => Number(f.dataset.epoch) >= epoch", arg=[live.element_handle(), seen]
    )
    expect(live.get_by_test_id("class-legend").locator("li")).to_have_text(["a", "b"])
    expect(neurons.get_by_test_id("neuron-tile")).to_have_count(TILES)
    assert page.evaluate(same_epoch, [live.element_handle(), neurons.element_handle()])

    api_of(page).post(f"/api/runs/{run_id}/cancel")
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "cancelled")
    expect(page.get_by_test_id("decision-boundary")).to_be_visible()  # the finer map, in results
    expect(live.locator("figcaption")).to_have_text("How the decision boundary formed")
    expect(neurons.locator(":scope > figcaption")).to_have_text("How the neurons changed")
    screenshot("live-boundary-ended")

    # The ended run's maps, by the keyboard: one map a step, "Epoch N of M" naming the one shown.
    slider.press("Home")
    expect(live).to_have_attribute("data-epoch", str(home))
    slider.press("ArrowRight")
    page.wait_for_function(
        "([f, epoch]) => Number(f.dataset.epoch) > epoch", arg=[live.element_handle(), home]
    )
    second = _epoch(live)
    expect(live.get_by_test_id("boundary-epoch")).to_have_text(f"Epoch {second} of 400")
    # A tile hovered shows large, named, with the validation points; it follows the slider's epoch.
    large = neurons.get_by_test_id("neuron-large")
    tile = neurons.locator('[data-testid="neuron-tile"][data-layer="fc2"][data-unit="3"]')
    tile.hover()
    expect(large.get_by_test_id("neuron-chosen")).to_have_text("fc2 · unit 3")
    expect(tile).to_have_attribute("aria-pressed", "true")
    expect(large).to_have_attribute("data-epoch", str(second))
    pixels = large.evaluate(_LARGE)[2]
    slider.press("Home")
    expect(large).to_have_attribute("data-epoch", str(home))
    shown, chosen, drawn = large.evaluate(_LARGE)
    assert (shown, chosen) == (home, "fc2 · unit 3") and drawn != pixels  # the same unit, redrawn
    # Play shows every map in turn (up to the 48 it skips evenly to) and stops on the last.
    maps, newest = int(live.get_attribute("data-maps") or 0), live.get_attribute("data-newest")
    live.evaluate(_WATCH)
    live.get_by_role("button", name="Play").click()
    expect(live).to_have_attribute("data-epoch", str(newest))
    expect(live.get_by_role("button", name="Play")).to_be_visible()
    seen = page.evaluate("window.seen")
    assert (
        seen[0] == second
        and seen[-1] == int(newest or 0)
        and len(seen) == min(maps, PLAY_FRAMES) - 1
    ), seen
    assert seen == sorted(set(seen)), seen
    assert not serious_violations(page)  # the slider and buttons are named, and readable

    # On a phone a tapped tile shows large above the rows, the page no wider than the screen.
    page.set_viewport_size(PHONE)
    neurons.locator('[data-testid="neuron-tile"][data-layer="act1"][data-unit="5"]').click()
    expect(large.get_by_test_id("neuron-chosen")).to_have_text("act1 · unit 5")
    expect(large).to_have_attribute("data-epoch", str(newest))
    box = large.bounding_box()
    assert box and box["width"] > 200 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("live-neurons-390")

    # On a wide screen (four columns) the map takes two rows of its column: the gradients come up
    # beside it, not under a band as tall as the map left beside the loss and epoch charts.
    page.set_viewport_size({"width": 1920, "height": 1080})
    boundary, epochs, grads = (
        page.get_by_test_id(test_id).bounding_box()
        for test_id in ("live-boundary", "epoch-chart", "grad-chart")
    )
    assert boundary and epochs and grads
    assert grads["y"] < boundary["y"] + boundary["height"], (boundary, grads)
    assert grads["y"] - (epochs["y"] + epochs["height"]) < 60, (epochs, grads)

    # A share link's page replays the same maps, and their neurons, at the newest epoch.
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    url = share.json()["url"]
    page.goto(url if url.startswith("http") else server_url + url)
    expect(page.get_by_test_id("model-name")).to_have_text("spiral-mlp")  # the model's page
    expect(neurons.get_by_test_id("neuron-tile")).to_have_count(TILES)
    expect(neurons).to_have_attribute("data-epoch", str(newest))
