"""Build a small CNN on digits by clicking and typing, train it, watch the charts, get the weights."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from safetensors.torch import load_file

from tests.browser.browser_steps import add_layer, open_editor, set_param


def chart_points(page: Page) -> int:
    return int(page.get_by_test_id("loss-chart").get_attribute("data-points") or 0)


def test_build_train_and_download_a_cnn(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    expect(page.get_by_test_id("shape-input")).to_have_text("(1, 8, 8)")

    add_layer(page, "Conv2d")
    set_param(page, "conv1", "out_channels", "16")
    set_param(page, "conv1", "padding", "1")
    expect(page.get_by_test_id("shape-conv1")).to_have_text("(16, 8, 8)")
    expect(page.get_by_test_id("params-conv1")).to_have_text("160 params")
    add_layer(page, "ReLU")
    add_layer(page, "MaxPool2d")
    expect(page.get_by_test_id("shape-pool1")).to_have_text("(16, 4, 4)")

    # A Linear straight after the pool is an error on its card, and Train says why it is disabled.
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "10")
    expect(page.get_by_test_id("error-fc1")).to_contain_text("add a Flatten before")
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_contain_text(
        "Fix 1 error in the design first"
    )
    # fc1 has no shape, so its weights are not in the total yet: the header says it is a floor.
    total = page.get_by_test_id("total-params")
    expect(total).to_have_text("at least 160 parameters")
    expect(total).to_have_attribute("title", re.compile("not counted: fix the error"))
    expect(page.get_by_test_id("parameters-unknown")).to_have_text(
        "Not counted until the design's errors are fixed: fc1"
    )
    screenshot("editor-error")

    add_layer(page, "Flatten")
    page.get_by_role("button", name="Move flat1 up").click()
    expect(page.get_by_test_id("shape-flat1")).to_have_text("(256)")
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(10)")
    expect(page.get_by_test_id("error-fc1")).to_have_count(0)
    expect(page.get_by_test_id("total-params")).to_have_text("2,730 parameters")
    expect(page.get_by_test_id("parameters-unknown")).to_have_count(0)
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    screenshot("editor-valid")

    page.get_by_test_id("epochs-input").fill("15")
    page.get_by_test_id("batch-size-input").fill("16")
    page.get_by_test_id("lr-input").fill("0.01")
    page.get_by_test_id("train-button").click()

    # The loss chart grows while frames arrive.
    expect(page.get_by_test_id("loss-chart")).not_to_have_attribute(
        "data-points", "0", timeout=60_000
    )
    first = chart_points(page)
    # Grows past `first` (no page script: the CSP forbids evaluating strings).
    not_grown = re.compile(rf"^({'|'.join(str(n) for n in range(first + 1))})$")
    expect(page.get_by_test_id("loss-chart")).not_to_have_attribute(
        "data-points", not_grown, timeout=60_000
    )
    assert chart_points(page) > first

    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    expect(page.get_by_test_id("accuracy-value")).to_have_text(re.compile(r"^\d+\.\d%$"))
    accuracy = float((page.get_by_test_id("accuracy-value").text_content() or "0").rstrip("%"))
    assert accuracy > 80
    expect(page.get_by_test_id("stop-button")).to_have_count(0)
    screenshot("dashboard-succeeded")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-weights").click()
    weights = load_file(str(download_info.value.path()))
    shapes = {name: tuple(tensor.shape) for name, tensor in weights.items()}
    assert shapes == {
        "conv1.weight": (16, 1, 3, 3),
        "conv1.bias": (16,),
        "fc1.weight": (10, 256),
        "fc1.bias": (10,),
    }
