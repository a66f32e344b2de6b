"""The held-out test set: set its share beside the dataset, train, and read the final model's
test accuracy on the run page and in the runs table, on a desktop and on a phone."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, add_layer, open_editor


def test_a_run_keeps_a_test_set_apart_and_says_how_its_model_did_on_it(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("2")
    share = page.get_by_test_id("test-fraction-input")
    hint = page.get_by_test_id("test-fraction-hint")
    expect(share).to_have_value("0")
    expect(hint).to_contain_text("0: no test set.")
    # Over the bound: said under the field, and Train waits for it.
    share.fill("0.7")
    expect(page.get_by_test_id("test-fraction-input-error")).to_have_text(
        "0.7 is too large; use a number from 0 to 0.5."
    )
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    # Too small a share for every class to be tested: the server's 422, said before Train.
    share.fill("0.005")
    expect(hint).to_have_text(  # the dataset's name as code, as in the reason beside Train
        "test_fraction 0.005 holds out 8 of the 1,437 training samples of Handwritten digits "
        "(8×8), fewer than its 10 classes: set it to at least 0.007, so that every class can be "
        "tested, or to 0 for no test set."
    )
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    screenshot("test-set-too-small")
    share.fill("0.1")
    expect(hint).to_have_text(
        "144 training samples kept apart, never trained on nor used to pick the model: the final "
        "model is tested on them once."
    )
    # The dataset's line and the steps hint count what is left to train on: 1,293, not 1,437.
    expect(page.get_by_test_id("dataset-sizes")).to_have_text(
        "classification, 1,293 train / 360 validation / 144 test samples, 10 classes"
    )
    expect(page.get_by_test_id("steps-hint")).to_contain_text(
        "This run takes 42 optimizer steps (2 epochs of 21 batches)"
    )
    hint.scroll_into_view_if_needed()
    screenshot("test-set-setting")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    run_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)

    run = api_of(page).get(f"/api/runs/{run_id}").json()
    assert run["training"]["test_fraction"] == 0.1
    tested = run["metrics"]["test"]
    assert tested["size"] == 144
    said = (
        f"Test accuracy {tested['accuracy'] * 100:.1f} % on 144 held-out samples, never seen in "
        "training or model selection."
    )
    expect(page.get_by_test_id("test-result")).to_have_text(said)
    # Its confusion matrix on the test set, beside the validation set's (DIGITS' test report).
    figure = page.get_by_test_id("test-confusion-figure")
    expect(figure.locator("figcaption")).to_have_text(
        f"Test set: {tested['accuracy'] * 100:.1f}% of its 144 held-out samples right, measured "
        "once as the run ended"
    )
    matrix = api_of(page).get(f"/api/runs/{run_id}/results").json()["test_confusion"]
    cells = figure.get_by_test_id("test-confusion").locator("tbody td")
    expect(cells).to_have_count(100)
    shown = [int(text or 0) for text in cells.all_inner_texts()]
    assert shown == [n for row in matrix for n in row] and sum(shown) == 144
    figure.scroll_into_view_if_needed()
    screenshot("test-set-run-page")

    # Trained on, it is measured again at the new end: the page says how often it was seen.
    expect(page.get_by_test_id("tests-seen")).to_have_count(0)
    page.get_by_test_id("more-epochs-input").fill("1")
    page.get_by_test_id("more-epochs-button").click()
    expect(page.get_by_test_id("epochs-value")).to_have_text("3", timeout=60_000)
    expect(page.get_by_test_id("tests-seen")).to_have_text(
        "Measured 2 times, once as each part of the run ended: settings changed by what it says "
        "are chosen on these samples too, so it reads better than on new ones."
    )
    tested = api_of(page).get(f"/api/runs/{run_id}").json()["metrics"]["test"]
    said = (
        f"Test accuracy {tested['accuracy'] * 100:.1f} % on 144 held-out samples, never seen in "
        "training or model selection."
    )
    page.get_by_test_id("test-result").scroll_into_view_if_needed()
    screenshot("test-set-seen-twice")

    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-test-{run_id}")).to_have_text(
        f"test {tested['accuracy'] * 100:.1f}%"
    )
    screenshot("test-set-runs-table")

    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/runs/{run_id}")
    result = page.get_by_test_id("test-result")
    expect(result).to_contain_text(said)
    box = result.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    result.scroll_into_view_if_needed()
    screenshot("test-set-run-page-phone")

    # The setting on a phone, as the editor kept it: the field and its hint fit the screen.
    page.goto(server_url)
    share = page.get_by_test_id("test-fraction-input")
    expect(share).to_have_value("0.1")
    for shown in (share, page.get_by_test_id("test-fraction-hint")):
        box = shown.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot("test-set-setting-phone")
