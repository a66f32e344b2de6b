"""Share a trained model: its page, a link opened by a browser with no cookie, downloads, try it, revoke."""

import re
import zipfile
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.browser_steps import train_through_page

SHARED_CNN: dict[str, Any] = {**DIGITS_CNN, "name": "shared-cnn"}
TRAINING = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}


def train(page: Page) -> str:
    """Trains through the page's own session, so this browser owns the run."""
    return train_through_page(page, SHARED_CNN, {**TRAINING, "epochs": 4, "batch_size": 32})


def draw_a_stroke(page: Page) -> None:
    box = page.get_by_test_id("draw-grid").bounding_box()
    assert box is not None
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.15
    page.mouse.move(x, top)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x, top + box["height"] * 0.07 * i)
    page.mouse.up()


def test_share_a_model_and_revoke_the_link(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train(page)
    page.goto(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("model-name")).to_have_text("shared-cnn")
    expect(page.get_by_test_id("model-params")).to_have_text("2,730")
    expect(page.get_by_test_id("model-graph")).to_contain_text("Conv2d · conv1")
    expect(page.get_by_test_id("epoch-chart")).to_be_visible()
    # Downloads say their size; an export not made yet says it is made on the first download.
    expect(page.get_by_test_id("file-weights.safetensors")).to_contain_text(
        re.compile(r"\d+(\.\d)? KB")
    )
    expect(page.get_by_test_id("file-model.onnx")).to_contain_text("made on first download")
    # The first ONNX download takes a while to make: the link says so until the file comes.
    onnx = page.get_by_test_id("file-model.onnx")
    with page.expect_download() as made:
        onnx.click()
        expect(onnx).to_contain_text("Preparing…")
        expect(onnx).to_have_attribute("aria-busy", "true")
    assert made.value.suggested_filename == "shared-cnn.onnx"
    expect(onnx).to_contain_text(re.compile(r"\d+(\.\d)? KB"))
    expect(onnx).to_have_attribute("aria-busy", "false")
    page.get_by_label("Expires").select_option("In 1 day")
    page.get_by_test_id("create-share").click()
    url = page.get_by_test_id("share-url").input_value()
    expect(page.get_by_test_id("share-list")).to_contain_text("expires")
    assert url.startswith(f"{server_url}/s/")
    expect(page.get_by_test_id("revoke-share")).to_have_count(1)
    expect(page.get_by_test_id("share-ending")).to_have_text(f"…{url[-4:]}")  # which link it is
    screenshot("model-page-owner")

    stranger = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    try:
        shared = stranger.new_page()
        response = shared.goto(url)
        assert response is not None and response.headers["referrer-policy"] == "no-referrer"
        expect(shared.get_by_test_id("model-name")).to_have_text("shared-cnn")
        expect(shared.get_by_test_id("create-share")).to_have_count(0)  # not the owner
        expect(shared.get_by_test_id("model-graph").get_by_text("Linear · fc")).to_be_visible()
        assert run_id not in shared.content()

        with shared.expect_download() as download:
            shared.get_by_test_id("file-bundle.zip").click()
        with zipfile.ZipFile(download.value.path()) as bundle:
            assert "README.md" in bundle.namelist() and "weights.safetensors" in bundle.namelist()
        kept = shared.get_by_test_id("file-model.onnx").get_attribute("href")
        assert kept is not None and shared.request.get(server_url + kept).status == 200

        draw_a_stroke(shared)
        expect(shared.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
        expect(shared.get_by_test_id("probabilities").locator("li")).to_have_count(10)
        screenshot_page(shared, screenshot, "model-page-shared")

        # Revoke asks first: "Keep it" leaves the link working.
        page.get_by_test_id("revoke-share").click()
        expect(page.get_by_test_id("revoke-confirm")).to_contain_text(f"Revoke …{url[-4:]}?")
        page.get_by_test_id("revoke-no").click()
        expect(page.get_by_test_id("share-list")).not_to_contain_text("revoked")
        assert shared.request.get(url).status == 200
        page.get_by_test_id("revoke-share").click()
        page.get_by_test_id("revoke-yes").click()
        expect(page.get_by_test_id("share-list")).to_contain_text("revoked")
        expect(page.get_by_test_id("share-url")).to_have_count(0)  # the dead link is not offered

        gone = shared.goto(url)
        assert gone is not None and gone.status == 410
        expect(shared.get_by_test_id("share-gone")).to_contain_text("revoked")
        # a download URL that was kept fails too
        assert shared.request.get(server_url + kept).status == 410
        screenshot_page(shared, screenshot, "share-revoked")
    finally:
        stranger.close()


def screenshot_page(page: Page, screenshot: Callable[[str], None], name: str) -> None:
    """The fixture shoots the first context's page; this one is another context's."""
    import os
    from pathlib import Path

    folder = os.environ.get("TORCHCANVAS_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
