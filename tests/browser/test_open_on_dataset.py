"""A design opened from a file or a link trains on a dataset whose samples fit its input: the
editor has no input_shape control, so when they disagree the dataset's shape wins and it says so."""

import base64
import json
import zlib
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.backend.upload_files import blobs_csv
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import load_design_file, open_editor, train_through_page

LINEAR_ON_5 = {
    "version": 1,
    "input_shape": [5],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 10}}],
}


def design_link(url: str, data: dict[str, object]) -> str:
    """The editor's #design= link: the JSON, deflated (raw) and in base64url."""
    packer = zlib.compressobj(wbits=-15)
    packed = packer.compress(json.dumps(data).encode()) + packer.flush()
    return f"{url}/#design=" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def test_a_file_whose_input_no_dataset_has_takes_the_datasets_shape(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    load_design_file(page, "bogus.json", LINEAR_ON_5)
    expect(page.get_by_test_id("shape-input")).to_have_text("(1, 8, 8)")
    expect(page.get_by_test_id("design-notice")).to_have_text(
        "The design's input was (5), but no dataset here has samples of (5): it now takes "
        "Handwritten digits (8×8)'s (1, 8, 8). Check its first layers, or upload a dataset whose "
        "samples are (5) to train it as it was.OK"
    )
    expect(page.get_by_test_id("input-row")).to_contain_text("Handwritten digits (8×8)")
    # The mismatch is now an error the editor shows, with a fix the user can apply.
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_contain_text("add a Flatten before it")
    screenshot("design-notice")
    page.emulate_media(color_scheme="dark")
    screenshot("design-notice-dark")
    page.get_by_test_id("design-notice").get_by_role("button", name="OK").click()
    expect(page.get_by_test_id("design-notice")).to_have_count(0)


def test_a_link_whose_dataset_is_gone_says_so(page: Page, server_url: str) -> None:
    design = {**LINEAR_ON_5, "input_shape": [4]}
    page.goto(design_link(server_url, {"dataset": "upload-0123456789abcdef", "design": design}))
    expect(page.get_by_test_id("shape-input")).to_have_text("(1, 8, 8)")
    notice = page.get_by_test_id("design-notice")
    expect(notice).to_contain_text(
        "The dataset upload-0123456789abcdef is not among this browser's uploads (an upload stays "
        "with the browser that made it, until deleted): upload the file here to train on it."
    )
    expect(notice.locator("code")).to_have_text("upload-0123456789abcdef")
    expect(page.get_by_test_id("dataset-select")).to_have_value("digits")


def test_a_shared_run_of_an_upload_opened_in_another_browser_names_the_file(
    page: Page, browser: Browser, server_url: str
) -> None:
    """The other browser does not have the upload: it is told which file to upload, not an id."""
    open_editor(page, server_url)
    file = {"name": "flowers.csv", "mimeType": "text/csv", "buffer": blobs_csv(rows=60)}
    upload = api_of(page).post("/api/datasets", multipart={"file": file, "target": "species"})
    assert upload.status == 201, upload.text()
    design = {
        **LINEAR_ON_5,
        "input_shape": [4],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
    }
    training = {"dataset": upload.json()["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    run_id = train_through_page(
        page, design, {**training, "lr": 0.01, "epochs": 1, "batch_size": 16}
    )
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        stranger = other.new_page()
        stranger.goto(share.json()["url"])
        stranger.get_by_test_id("open-in-editor").click()
        expect(stranger.get_by_test_id("design-notice")).to_contain_text(
            "The dataset flowers.csv is not among this browser's uploads (an upload stays with "
            "the browser that made it, until deleted): upload the file here to train on it."
        )
        expect(stranger.get_by_test_id("dataset-select")).to_have_value("digits")
    finally:
        other.close()
