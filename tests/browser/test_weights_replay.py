"""A small MLP's weights drawing goes back through the run: a slider over its epochs (the weights
at each one's end), says which epoch and step it shows and draws those weights, by keyboard too;
Latest follows the newest again. On a finished run's page and on its share link's. The run is the
fast one the drawing is for (moons 2→8→2 for 30 epochs, under a second, about two insight looks):
its slider has every epoch."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, screenshot_page, train_through_page

DESIGN = {
    "version": 1,
    "name": "moons-mlp",
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act1", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
    ],
}
# Batches of 32 over the moons: 30 epochs in well under a second, so the insight looks (about one
# a second) come in one or two epochs; the weights sent at each epoch's end give the rest.
TRAINING = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.05,
            "epochs": 30, "batch_size": 32, "seed": 0}  # fmt: skip


def _epoch_looks(page: Page, run_id: str) -> list[dict[str, Any]]:
    """The last weights of each epoch, as the server sent them: its end's, or an insight look's."""
    looks: dict[int, dict[str, Any]] = {}
    after = 0
    while events := api_of(page).get(f"/api/runs/{run_id}/events?after={after}").json():
        for event in events:
            drawn = event["type"] in ("insight", "weights") and event["network"]["layers"]
            if drawn and event["step"] >= looks.get(event["epoch"], {"step": -1})["step"]:
                looks[event["epoch"]] = event
        after = events[-1]["seq"]
    return list(looks.values())


def _shown(weight: float) -> str:
    return f"{weight:.4g}".replace("-", "−")


def _read_first_weight(page: Page, weights: Locator) -> str:
    """The readout of fc1 unit 1's weight from x₁, focused by the keyboard."""
    weights.locator('[data-testid="weight-edge"][data-edge="0"]').focus()
    return weights.get_by_test_id("weight-readout").inner_text()


def _scrub(page: Page, weights: Locator, looks: list[dict[str, Any]]) -> None:
    """Home shows the first epoch's look, End the newest; the label and the weights follow."""
    slider = weights.get_by_role("slider", name="Epoch of the weights shown")
    label = weights.get_by_test_id("weights-epoch")
    first, last = looks[0], looks[-1]
    expect(label).to_have_text(f"Epoch {last['epoch']}, step {last['step']:,}")  # the newest
    expect(weights.get_by_test_id("weights-latest")).to_be_disabled()
    slider.focus()
    page.keyboard.press("Home")
    expect(label).to_have_text(f"Epoch {first['epoch']}, step {first['step']:,}")
    expect(slider).to_have_attribute(
        "aria-valuetext", f"Epoch {first['epoch']}, step {first['step']:,}"
    )
    expect(weights).to_have_attribute("data-step", str(first["step"]))
    w = first["network"]["layers"][0]["weight"][0][0]
    assert _read_first_weight(page, weights) == f"fc1: x₁ → fc1 unit 1: w = {_shown(w)}"
    # One epoch on with the arrow key: the next look's weights.
    slider.focus()
    page.keyboard.press("ArrowRight")
    second = looks[1]
    expect(label).to_have_text(f"Epoch {second['epoch']}, step {second['step']:,}")
    w = second["network"]["layers"][0]["weight"][0][0]
    assert _read_first_weight(page, weights) == f"fc1: x₁ → fc1 unit 1: w = {_shown(w)}"
    # Latest: the newest again.
    weights.get_by_test_id("weights-latest").click()
    expect(label).to_have_text(f"Epoch {last['epoch']}, step {last['step']:,}")
    expect(weights).to_have_attribute("data-step", str(last["step"]))


def test_the_weights_are_scrubbed_through_the_run_s_epochs(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DESIGN, TRAINING)
    looks = _epoch_looks(page, run_id)
    # Every epoch: its end's weights, though only a look or two came in the run's fraction of a second.
    assert [look["epoch"] for look in looks] == list(range(1, 31))

    page.goto(f"{server_url}/runs/{run_id}")
    weights = page.get_by_test_id("live-weights")
    expect(weights.locator("figcaption")).to_have_text("Network weights, trained")
    slider = weights.get_by_role("slider", name="Epoch of the weights shown")
    expect(slider).to_have_attribute("max", str(len(looks) - 1))
    expect(slider).to_have_attribute("max", "29")  # 30 positions, one an epoch
    expect(weights.get_by_test_id("weights-replay-note")).to_contain_text(
        "The weights at the end of each epoch"
    )
    expect(weights.get_by_test_id("weights-replay-note")).to_contain_text("at most 100")
    _scrub(page, weights, looks)
    # Play steps through the looks from the first, and stops on the newest, following again.
    page.evaluate(
        """() => {
          const label = document.querySelector('[data-testid="weights-epoch"]');
          window.labelsSeen = [];
          new MutationObserver(() => window.labelsSeen.push(label.textContent))
            .observe(label, { childList: true, characterData: true, subtree: true });
        }"""
    )
    weights.get_by_test_id("weights-play").click()
    expect(weights.get_by_test_id("weights-play")).to_have_text("Play", timeout=20_000)
    expect(weights.get_by_test_id("weights-replay")).to_have_attribute("data-following", "true")
    seen = page.evaluate("window.labelsSeen")
    texts = [f"Epoch {look['epoch']}, step {look['step']:,}" for look in looks]
    assert seen[0] == texts[0] and seen[-1] == texts[-1], seen
    assert [text for text in texts if text in seen] == texts, seen  # each, in order
    slider.focus()
    page.keyboard.press("Home")
    expect(weights).to_contain_text("An earlier look: Latest shows the newest.")
    weights.scroll_into_view_if_needed()
    assert serious_violations(page) == []
    screenshot("weights-replay")
    page.set_viewport_size(PHONE)
    box = slider.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    screenshot("weights-replay-phone")

    # Through a share link, for someone else: the same slider.
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    stranger = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        shared = stranger.new_page()
        url = share.json()["url"]
        shared.goto(url if url.startswith("http") else server_url + url)
        shared_weights = shared.get_by_test_id("live-weights")
        expect(shared_weights.locator("figcaption")).to_have_text("Network weights, trained")
        _scrub(shared, shared_weights, looks)
        screenshot_page(shared, screenshot, "weights-replay-shared")
    finally:
        stranger.close()
