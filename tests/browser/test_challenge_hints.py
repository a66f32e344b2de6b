"""A challenge's hint followed to the letter leads somewhere sensible: the moons hint once said
"add a hidden Linear layer with a ReLU after it", and the palette, adding after the open layer
(`out`), gave out -> fc1 -> relu1, a ReLU last. It now says where the layers go and how `out`
gets back to the end; done so, the run meets the challenge."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_layer
from tests.browser.test_challenges import start_challenge


def layer_order(page: Page) -> list[str]:
    cards = page.locator("[data-testid^='layer-card-']")
    return [(c.get_attribute("data-testid") or "")[len("layer-card-") :] for c in cards.all()]


def test_the_moons_hint_read_literally_meets_the_challenge(page: Page, server_url: str) -> None:
    start_challenge(page, server_url, "moons-beat-linear")
    hint = page.get_by_test_id("challenge-hint")
    expect(hint).to_contain_text("after the open one, here out")
    expect(hint).to_contain_text("open out and press its ↓ until it is last")
    # As it says: a Linear, then a ReLU, each after the open layer...
    add_layer(page, "Linear")
    add_layer(page, "ReLU")
    assert layer_order(page) == ["out", "fc1", "relu1"]
    # ...then `out` opened and moved down until it is last.
    open_layer(page, "out")
    down = page.get_by_role("button", name="Move out down")
    while down.is_enabled():
        down.click()
    assert layer_order(page) == ["fc1", "relu1", "out"]
    expect(page.get_by_test_id("train-hint")).to_have_count(0)  # no "ReLU last" fix to take
    expect(page.get_by_test_id("challenge-line")).to_contain_text(
        "Train to see whether the run meets it."
    )
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("challenge-verdict")).to_have_text(
        "Challenge met ✓ All challenges", timeout=60_000
    )


def test_the_spiral_and_digits_hints_read_literally_leave_nothing_missing(
    page: Page, server_url: str
) -> None:
    from tests.browser.browser_steps import set_param

    start_challenge(page, server_url, "spiral-two-hidden")
    for layer_type in ("Linear", "ReLU", "Linear", "ReLU"):
        add_layer(page, layer_type)
    set_param(page, "fc1", "out_features", "16")
    set_param(page, "fc2", "out_features", "16")
    open_layer(page, "out")
    down = page.get_by_role("button", name="Move out down")
    while down.is_enabled():
        down.click()
    assert layer_order(page) == ["fc1", "relu1", "fc2", "relu2", "out"]
    expect(page.get_by_test_id("train-hint")).to_have_count(0)
    expect(page.get_by_test_id("challenge-design-miss")).to_have_count(0)

    start_challenge(page, server_url, "digits-small")
    expect(page.get_by_test_id("challenge-design-miss")).to_be_visible()  # 64 and 64: too many
    for layer_id in ("fc2", "act2"):
        open_layer(page, layer_id)
        page.get_by_test_id(f"layer-card-{layer_id}").get_by_role("button", name="Delete").click()
    set_param(page, "fc1", "out_features", "32")
    assert layer_order(page) == ["flat", "fc1", "act1", "out"]
    expect(page.get_by_test_id("challenge-design-miss")).to_have_count(0)
