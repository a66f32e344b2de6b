"""The model page's exports: a fine-tuned run's starting weights download beside its other files,
the ONNX file downloads at the opset chosen beside it, and Classify many names a CSV's rows by
their ID column; tidy on a desktop and a phone."""

import json
import re
from collections.abc import Callable

import onnx
from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import cut_selects, train_through_page


def test_a_fine_tuned_run_downloads_its_starting_weights_and_onnx_at_an_older_opset(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    training = {**DIGITS_TRAINING, "epochs": 1, "batch_size": 256}
    parent = train_through_page(page, DIGITS_CNN, training)
    child = train_through_page(page, DIGITS_CNN, {**training, "init_from": parent})
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server_url}/models/{child}")

    started = page.get_by_test_id("file-init.safetensors")
    expect(started).to_contain_text("Starting weights (safetensors)")
    with page.expect_download() as download:
        started.click()
    assert download.value.suggested_filename == f"digits-cnn-{child[:6]}-init.safetensors"

    onnx_link = page.get_by_test_id("file-model.onnx")
    expect(onnx_link).to_contain_text("ONNX (.onnx)")
    opset = page.get_by_test_id("onnx-opset")
    expect(opset).to_have_value("20")
    expect(opset.locator("option")).to_have_text(["13", "14", "15", "16", "17", "18", "19", "20"])
    expect(opset).to_have_accessible_description(re.compile(r"^The ONNX file's opset, 20 \(the"))
    opset.select_option("13")
    expect(onnx_link).to_contain_text("made on first download")
    with page.expect_download() as download:
        onnx_link.click()
    assert download.value.suggested_filename == f"digits-cnn-{child[:6]}-opset13.onnx"
    model = onnx.load(str(download.value.path()))
    assert {o.version for o in model.opset_import if o.domain in ("", "ai.onnx")} == {13}
    meta = {entry.key: entry.value for entry in model.metadata_props}
    assert json.loads(meta["classes"]) == [str(d) for d in range(10)]
    expect(onnx_link).to_contain_text(re.compile(r"ONNX \(\.onnx\) \d+ KiB"))
    # The link and its choice sit on one line, the choice not cut off.
    downloads = page.get_by_role("region", name="Downloads")
    link_box, select_box = onnx_link.bounding_box(), opset.bounding_box()
    assert link_box is not None and select_box is not None
    assert select_box["x"] >= link_box["x"] + link_box["width"]
    assert (
        abs((select_box["y"] + select_box["height"] / 2) - (link_box["y"] + link_box["height"] / 2))
        < 4
    )
    assert cut_selects(downloads) == []
    downloads.scroll_into_view_if_needed()
    screenshot("model-page-downloads-opset")

    page.set_viewport_size({"width": 360, "height": 800})
    assert cut_selects(downloads) == []
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, f"the page is {wide} px wide on a phone"
    downloads.scroll_into_view_if_needed()
    screenshot("model-page-downloads-opset-phone")


def test_classify_many_names_a_csvs_rows_by_their_id_column(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    rows = [(f"S-{i:04d}", i % 5 * 0.5, i % 3, "ab"[i % 2]) for i in range(30)]
    upload = "sample_id,spend,visits,label\n" + "".join(f"{c},{s},{v},{y}\n" for c, s, v, y in rows)
    reply = api_of(page).post(
        "/api/datasets",
        multipart={
            "file": {"name": "samples.csv", "mimeType": "text/csv", "buffer": upload.encode()},
            "drop": "sample_id",
        },
    )
    assert reply.status == 201, reply.text()
    design = {
        "version": 1,
        "name": "samples",
        "input_shape": [2],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
    }
    training = {**DIGITS_TRAINING, "dataset": reply.json()["id"], "epochs": 1, "batch_size": 16}
    run_id = train_through_page(page, design, training)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server_url}/models/{run_id}")
    sent = "visits,sample_id,spend,label\n" + "".join(
        f"{v},{'' if i == 2 else c},{s},{y}\n" for i, (c, s, v, y) in enumerate(rows[:4])
    )
    csv_file = {"name": "new.csv", "mimeType": "text/csv", "buffer": sent.encode()}
    page.get_by_test_id("many-files").set_input_files(files=[csv_file])
    names = page.get_by_test_id("many-row").locator(".many-name")
    expect(names).to_have_text(["S-0000", "S-0001", "line 4", "S-0003"])
    page.get_by_test_id("classify-many").scroll_into_view_if_needed()
    screenshot("model-page-classify-many-ids")
    with page.expect_download() as download:
        page.get_by_test_id("many-download").click()
    lines = download.value.path().read_text().splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "sample_id",
        "S-0000",
        "S-0001",
        "line 4",
        "S-0003",
    ]
