"""The model page's downloads: a size note ("made on first download") that wraps under its file's
title stays inside the file's box. It floated out of it, across the box's bottom border, where the
title was long (the bundle at 200 % zoom) or the box narrow (ONNX beside its opset, on a phone)."""

import os

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.written_run import DIGITS_MLP

# Each note whose box reaches past its file's box, with the two bottoms.
OUTSIDE = """() => [...document.querySelectorAll('.file-list .file-size')].map((note) => {
  const file = note.closest('.button').getBoundingClientRect(), box = note.getBoundingClientRect();
  return [note.closest('.button').textContent, Math.round(box.bottom), Math.round(file.bottom)];
}).filter(([, note, file]) => note > file)"""


def test_a_wrapped_size_note_stays_inside_its_download(page: Page, server_url: str) -> None:
    page.goto(server_url)
    training = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    run_id = train_through_page(page, DIGITS_MLP, {**training, "epochs": 1, "batch_size": 64})
    zoomed: ViewportSize = {"width": 960, "height": 540}  # 1920 x 1080 at 200 %
    for size in (PHONE, zoomed):
        page.set_viewport_size(size)
        page.goto(f"{server_url}/models/{run_id}")
        expect(page.get_by_test_id("file-model.pt")).to_contain_text("made on first download")
        assert page.evaluate(OUTSIDE) == [], size
        if folder := os.environ.get("TORCHCANVAS_SCREENS"):  # the list alone: the page is long
            page.locator(".file-list").first.screenshot(
                path=f"{folder}/downloads-{size['width']}.png"
            )
