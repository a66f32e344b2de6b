"""Download a design as JSON, start a new one, load the file back: the same layers come back."""

import json
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import FilePayload, Page, expect

from tests.browser.browser_steps import (
    add_layer,
    load_design_file,
    open_editor,
    open_layer,
    set_param,
)


def test_download_and_load_a_design(
    page: Page, server_url: str, tmp_path: Path, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    # A name takes what a run's may (Train refused a longer one with a 422 in Pydantic's words).
    page.get_by_test_id("design-name").fill("n" * 250)
    expect(page.get_by_test_id("design-name")).to_have_value("n" * 200)
    page.get_by_test_id("design-name").fill("round-trip")
    # Load design's file input is unseen: its button shows the keyboard's focus instead.
    page.locator(".file-button input").focus()
    outline = page.locator(".file-button").evaluate("(b) => getComputedStyle(b).outlineStyle")
    assert outline == "solid", outline
    add_layer(page, "Conv2d")
    set_param(page, "conv1", "kernel_size", "3,5")
    page.get_by_label("Id of conv1").fill("features")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    expect(page.get_by_test_id("shape-features")).to_have_text("(16, 6, 4)")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-design").click()
    download = download_info.value
    assert download.suggested_filename == "round-trip.json"
    saved = tmp_path / "round-trip.json"
    download.save_as(saved)
    design = json.loads(saved.read_text())
    assert design["name"] == "round-trip"
    assert design["input_shape"] == [1, 8, 8]
    assert [(layer["id"], layer["type"]) for layer in design["layers"]] == [
        ("features", "Conv2d"),
        ("flat1", "Flatten"),
        ("fc1", "Linear"),
    ]
    assert design["layers"][0]["params"]["kernel_size"] == [3, 5]

    page.reload()  # the editor keeps the design across a reload ...
    expect(page.get_by_test_id("layer-card-features")).to_be_visible()
    page.get_by_test_id("new-design").click()  # ... until New design starts over
    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()
    expect(page.get_by_test_id("layer-card-features")).to_have_count(0)
    page.get_by_test_id("load-design").set_input_files(saved)
    expect(page.get_by_test_id("design-name")).to_have_value("round-trip")
    for layer_id in ("features", "flat1", "fc1"):
        expect(page.get_by_test_id(f"layer-card-{layer_id}")).to_be_visible()
    open_layer(page, "features")  # a loaded design shows one line a layer
    expect(page.locator("#param-features-kernel_size")).to_have_value("3,5")
    expect(page.get_by_test_id("shape-features")).to_have_text("(16, 6, 4)")
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(10)")

    # The same stack, drawn on the canvas.
    page.get_by_test_id("canvas-tab").click()
    expect(page.get_by_test_id("node-features")).to_contain_text("Conv2d")
    expect(page.get_by_test_id("node-features")).to_contain_text("(16, 6, 4)")
    expect(page.get_by_test_id("edge-features-flat1")).to_have_text("(16, 6, 4)")
    screenshot("editor-graph")


def test_loading_a_bad_file_says_what_is_wrong(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "ReLU")
    notes = FilePayload(name="notes.json", mimeType="application/json", buffer=b"this is not json")
    page.get_by_test_id("load-design").set_input_files(notes)
    expect(page.get_by_test_id("load-error")).to_contain_text("notes.json is not valid JSON")
    # The design on screen is kept.
    expect(page.get_by_test_id("layer-card-relu1")).to_be_visible()

    old = FilePayload(
        name="old.json", mimeType="application/json", buffer=b'{"version": 7, "layers": []}'
    )
    page.get_by_test_id("load-design").set_input_files(old)
    expect(page.get_by_test_id("load-error")).to_contain_text(
        "old.json is a design of version 7, and this TorchCanvas reads version 1: open it in"
    )

    two = {
        "version": 1,
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
        ],
    }
    load_design_file(page, "two.json", two)
    # Said once it is checked: a file of a Flatten alone read "Loaded one.json: 1 layer." before
    # its check and "…, with 1 error to fix below." after it, and the test read whichever came.
    expect(page.get_by_test_id("load-ok")).to_have_text("Loaded two.json: 2 layers.")
    add_layer(page, "ReLU")  # edited since: the news is old, and it stayed in the top bar for good
    expect(page.get_by_test_id("load-ok")).to_have_count(0)

    # A file whose design has an error says so where it says it loaded ("Loaded" alone read as
    # all well, the error far down the list on a phone).
    unflat = {
        "version": 1,
        "input_shape": [1, 8, 8],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 10}}],
    }
    load_design_file(page, "unflat.json", unflat)
    expect(page.get_by_test_id("load-ok")).to_have_text(
        "Loaded unflat.json: 1 layer, with 1 error to fix below."
    )
    expect(page.get_by_test_id("error-fc")).to_contain_text("expects a flat input")
    expect(page.get_by_test_id("total-params")).to_have_text("parameters not counted yet")


def test_a_loaded_cycle_marks_every_layer_in_it(page: Page, server_url: str) -> None:
    """A cycle can only come from a file or a link (the editor refuses the wire that makes one):
    each of its layers is red with the message, on the list and on the canvas, not only its first."""
    open_editor(page, server_url)
    cycle = {
        "version": 1,
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "a", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3}},
            {"id": "b", "type": "ReLU"},
            {"id": "c", "type": "Add"},
        ],
        "edges": [["input", "a"], ["a", "c"], ["c", "b"], ["b", "c"]],
    }
    load_design_file(page, "loop.json", cycle)
    message = "The layers b, c form a cycle: remove an edge so that data flows one way."
    # One problem, though it stands on two layers.
    expect(page.get_by_test_id("load-ok")).to_have_text(
        "Loaded loop.json: 3 layers, with 1 error to fix below."
    )
    for layer_id in ("b", "c"):
        expect(page.get_by_test_id(f"layer-card-{layer_id}")).to_have_class(re.compile("has-error"))
        expect(page.get_by_test_id(f"error-{layer_id}")).to_have_text(message)
    expect(page.get_by_test_id("error-a")).to_have_count(0)
    page.get_by_test_id("canvas-tab").click()
    for layer_id in ("b", "c"):
        expect(page.get_by_test_id(f"node-{layer_id}")).to_have_class(re.compile("has-error"))
        expect(page.get_by_test_id(f"node-error-{layer_id}")).to_have_text(message)
