"""A dataset made in the browser can be downloaded as the file its runs' scripts read: from the
dataset's settings, from a run's page beside its training script, and from the model's page."""

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.test_make_dataset import open_dialog, pictures


def _downloaded(page: Page, tmp_path: Path, name: str) -> zipfile.ZipFile:
    with page.expect_download() as download:
        page.get_by_test_id("download-dataset-file").click()
    assert download.value.suggested_filename == "shapes.zip"
    path = tmp_path / name
    download.value.save_as(path)
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def test_a_made_datasets_file_downloads_from_its_settings_and_its_runs_page(
    page: Page, server_url: str, tmp_path: Path, screenshot: Callable[[str], None]
) -> None:
    open_dialog(page, server_url)
    page.get_by_test_id("class-name-1").fill("dark")
    page.get_by_test_id("class-files-1").set_input_files(pictures(6, level=40))
    page.get_by_test_id("class-name-2").fill("light")
    page.get_by_test_id("class-files-2").set_input_files(pictures(6, level=200, seed=1))
    page.get_by_test_id("make-name").fill("shapes")
    page.get_by_test_id("make-size").select_option("16")
    page.get_by_test_id("make-create").click()
    expect(page.get_by_test_id("make-dialog")).to_be_hidden()
    dataset = page.get_by_test_id("dataset-select").input_value()

    link = page.get_by_test_id("download-dataset-file")
    expect(link).to_have_text(
        re.compile(r"^Download this dataset's file \(shapes\.zip, \d+(\.\d)? K(i)?B\)$")
    )
    screenshot("dataset-file-settings")
    archive = _downloaded(page, tmp_path, "from-settings.zip")
    names = archive.namelist()
    assert len(names) == 12 and {name.split("/")[0] for name in names} == {"dark", "light"}

    design = {"version": 1, "name": "shapes-mlp", "input_shape": [3, 16, 16], "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
    ]}  # fmt: skip
    training = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    run_id = train_through_page(page, design, {**training, "epochs": 1, "batch_size": 4})
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("download-run-code")).to_be_visible()
    expect(link).to_have_text(
        re.compile(r"^Download its dataset \(shapes\.zip, \d+(\.\d)? K(i)?B\)$")
    )
    screenshot("dataset-file-run-page")
    assert _downloaded(page, tmp_path, "from-run.zip").namelist() == names
    # On a phone its button wraps inside the card: it ran past the screen, which then scrolled
    # sideways (an audit).
    page.set_viewport_size(PHONE)
    expect(link).to_be_visible()
    right = link.evaluate("(a) => a.getBoundingClientRect().right")
    assert right <= 390 and page.evaluate("document.documentElement.scrollWidth") <= 390, right
    screenshot("dataset-file-run-page-phone")
    page.set_viewport_size({"width": 1440, "height": 1000})
    # And from the model's page, under the script that reads it.
    page.goto(f"{server_url}/models/{run_id}")
    expect(link).to_have_text(re.compile(r"^Its dataset \(shapes\.zip\) \d+(\.\d)? KiB$"))
    screenshot("dataset-file-model-page")
    assert _downloaded(page, tmp_path, "from-model.zip").namelist() == names

    # Deleted, the model page and the run page offer it no more.
    assert page.request.delete(f"{server_url}/api/datasets/{dataset}").status == 204
    page.reload()
    expect(page.get_by_test_id("file-code.py")).to_be_visible()
    expect(link).to_have_count(0)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("download-run-code")).to_be_visible()
    expect(link).to_have_count(0)
