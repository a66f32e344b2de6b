"""The model page's training script line says its size, as the exports do, downloaded or not, and
in a new tab too: the script is written at each download, so the model's view has no size for it;
the line said "made on first download", and in a new tab went back to it after a download, where
TorchScript's kept its size. The page asks the server (a HEAD) instead."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.written_run import DIGITS_MLP

SIZE = re.compile(r"\d+(\.\d+)? (B|KiB)$")


def test_the_scripts_line_keeps_its_size(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    training = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    run_id = train_through_page(page, DIGITS_MLP, {**training, "epochs": 1, "batch_size": 64})
    page.goto(f"{server_url}/models/{run_id}")
    script = page.get_by_test_id("file-code.py")
    torchscript = page.get_by_test_id("file-model.pt")
    expect(script.locator(".file-size")).to_have_text(SIZE)  # before any download
    expect(torchscript).to_contain_text("made on first download")
    for line in (script, torchscript):
        with page.expect_download():
            line.click()
        expect(line).to_contain_text(SIZE)
    shown = script.locator(".file-size").inner_text()

    page.reload()  # the exports' sizes come from the server; the script's from this tab
    expect(torchscript).to_contain_text(SIZE)
    expect(script.locator(".file-size")).to_have_text(shown)
    # A new tab, which holds no sizes of this one's downloads: the server says it.
    page.evaluate("() => sessionStorage.clear()")
    page.reload()
    expect(script.locator(".file-size")).to_have_text(shown)
    screenshot("model-page-script-size")
    page.set_viewport_size(PHONE)
    expect(script).to_be_visible()
    screenshot("model-page-script-size-phone")
    # And a click still downloads it (made again by the server, as each time).
    with page.expect_download() as again:
        script.click()
    assert again.value.suggested_filename.endswith(".py")
    expect(script.locator(".file-size")).to_have_text(SIZE)
