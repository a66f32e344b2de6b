"""A misclassified validation sample opens in the model page's Try it: a click (or Space, by
keyboard) on a tile of the run page's mistakes shows that sample drawn, answered as the run
answered it, and Show where it looked maps it; on a desktop and on a phone."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.test_share import TRAINING

DESKTOP: ViewportSize = {"width": 1280, "height": 800}


def mistake_tile(page: Page, n: int) -> tuple[str, int, str, str]:
    """The n-th mistake's link: its address, validation index, true and predicted class."""
    tile = page.get_by_test_id("misclassified").locator("a.mistake-open").nth(n)
    words = re.search(r"true (\S+) → (\S+)", tile.inner_text())
    assert words, tile.inner_text()
    index = int((tile.get_attribute("data-testid") or "").removeprefix("mistake-"))
    return tile.get_attribute("href") or "", index, words[1], words[2]


def expect_opened(
    page: Page, run_id: str, index: int, true: str, predicted: str, classes: int = 10
) -> None:
    expect(page).to_have_url(re.compile(rf"/models/{run_id}#sample={index}$"))
    expect(page.get_by_test_id("try-sample")).to_have_text(
        f"Validation sample #{index}: true class {true}, the model said {predicted}"
    )
    expect(page.get_by_test_id("predicted-class")).to_have_text(predicted)
    expect(page.get_by_test_id("probabilities").locator("li")).to_have_count(classes)
    expect(page.get_by_test_id("try-sample")).to_be_in_viewport()


def test_a_mistake_opens_in_try_it(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(server_url)
    # One epoch of the digits CNN leaves a few mistakes.
    run_id = train_through_page(
        page, DIGITS_CNN, {**TRAINING, "epochs": 1, "batch_size": 64, "seed": 0}
    )
    page.goto(f"{server_url}/runs/{run_id}")
    gallery = page.get_by_test_id("misclassified")
    expect(gallery.locator("a.mistake-open").first).to_be_visible(timeout=30_000)
    # Every tile of a digits run opens: each is a link, named for the sample it opens.
    expect(gallery.locator("li")).to_have_count(gallery.locator("a.mistake-open").count())
    assert gallery.locator("a.mistake-open").count() >= 2
    expect(page.get_by_test_id("mistakes-hint")).to_have_text(
        "Open a sample to try it on the model page: each class's probability, and what each layer "
        "made of it."
    )
    href, index, true, predicted = mistake_tile(page, 0)
    assert href == f"/models/{run_id}#sample={index}"
    assert serious_violations(page) == []
    page.get_by_test_id("run-results").scroll_into_view_if_needed()
    screenshot("open-mistake-run-page")

    page.get_by_test_id(f"mistake-{index}").click()
    expect_opened(page, run_id, index, true, predicted)
    # The sample is drawn on Try it's grid, not left blank: some pixel is lit.
    grid = page.get_by_test_id("try-it").locator("canvas").first
    lit: bool = grid.evaluate(
        "c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 < 3 && v > 0)"
    )
    assert lit
    panel = page.get_by_test_id("where-looked")
    panel.get_by_role("button", name="Show where it looked").click()
    expect(panel.get_by_test_id("heat-overlay")).to_have_attribute("data-class", predicted)
    page.get_by_test_id("inside-model").locator("summary").click()
    expect(page.get_by_test_id("layer-output").first).to_be_visible()
    screenshot("open-mistake-model-page")

    # By keyboard: Space on another tile opens its sample, as a button would.
    page.go_back()
    _, second, true2, predicted2 = mistake_tile(page, 1)
    page.get_by_test_id(f"mistake-{second}").focus()
    page.keyboard.press("Space")
    expect_opened(page, run_id, second, true2, predicted2)
    # Drawing over it, the values are no longer the sample's: the line goes.
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    expect(page.get_by_test_id("try-sample")).to_have_count(0)

    # On a phone, another sample asked for in the address opens in place of the drawing.
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/models/{run_id}#sample={index}")
    expect_opened(page, run_id, index, true, predicted)
    screenshot("open-mistake-model-page-phone")
    # A sample the run did not keep among its mistakes says so, and Try it is there as ever.
    page.goto(f"{server_url}/models/{run_id}#sample=999999")
    expect(page.get_by_test_id("try-sample-problem")).to_contain_text(
        "Validation sample #999999 cannot be opened: it is not among the"
    )
    expect(page.get_by_test_id("try-it")).to_be_visible()
    # The tiles on a phone: links all the same, inside the page's width.
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id(f"mistake-{index}")).to_be_visible(timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_test_id("misclassified").scroll_into_view_if_needed()
    screenshot("open-mistake-run-page-phone")


WINE_LINEAR = {
    "version": 1,
    "name": "wine-linear",
    "input_shape": [13],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
}


def test_a_tables_mistake_opens_as_typed_values(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(server_url)
    # A too-fast single epoch on wine leaves mistakes.
    training = {"dataset": "wine", "loss": "CrossEntropyLoss", "optimizer": "Adam",
                "lr": 0.3, "epochs": 1, "batch_size": 64, "seed": 0}  # fmt: skip
    run_id = train_through_page(page, WINE_LINEAR, training)
    mistakes = api_of(page).get(f"/api/runs/{run_id}/results").json()["misclassified"]
    assert mistakes, "the run should be poor enough to make mistakes"
    page.goto(f"{server_url}/runs/{run_id}")
    _, index, true, predicted = mistake_tile(page, 0)
    page.get_by_test_id(f"mistake-{index}").focus()
    page.keyboard.press("Enter")
    expect_opened(page, run_id, index, true, predicted, classes=3)
    # The fields hold the sample's values as the dataset gave them, to a float32's 7 figures.
    sample = next(m["sample"] for m in mistakes if m["index"] == index)
    texts = [page.get_by_test_id(f"feature-{i}").input_value() for i in range(len(sample))]
    assert [float(text) for text in texts] == pytest.approx(sample, rel=1e-6)
    assert all(len(text.strip("-0.").replace(".", "")) <= 7 for text in texts), texts
    expect(page.get_by_test_id("prediction")).to_have_attribute("data-stale", "false")
    screenshot("open-mistake-table")
    # Typing over a value: the values are no longer the sample's.
    page.get_by_test_id("feature-0").fill("14")
    expect(page.get_by_test_id("try-sample")).to_have_count(0)
