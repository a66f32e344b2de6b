"""Each template opens on its dataset, validates, and trains; the parameters panel lists its tensors."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.backend.upload_files import shapes_zip
from tests.browser.browser_steps import open_editor, open_template


def train_one_epoch(page: Page) -> None:
    page.get_by_test_id("epochs-input").fill("1")
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)


@pytest.mark.parametrize(
    ("template", "dataset", "total", "output"),
    [
        ("mlp", "moons", "4,482 parameters", "(2)"),
        ("lenet", "digits", "13,706 parameters", "(10)"),
        ("residual", "digits", "7,370 parameters", "(10)"),
    ],
)
def test_a_template_validates_and_trains(
    page: Page, server_url: str, template: str, dataset: str, total: str, output: str
) -> None:
    open_editor(page, server_url)
    if dataset != "digits":
        page.get_by_test_id("dataset-select").select_option(dataset)
    open_template(page, template)
    expect(page.get_by_test_id("dataset-select")).to_have_value(dataset)
    expect(page.get_by_test_id("total-params")).to_have_text(total)
    expect(page.get_by_test_id("shape-output")).to_have_text(output)
    expect(page.get_by_role("alert")).to_have_count(0)
    train_one_epoch(page)


def test_the_parameters_panel_and_size_estimate_describe_the_network(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    open_template(page, "lenet")
    row = page.get_by_test_id("parameter-conv1.weight")
    expect(row).to_have_text("conv1.weight(16, 1, 3, 3)144")
    expect(page.get_by_test_id("parameter-conv1.bias")).to_have_text("conv1.bias(16)16")
    expect(page.get_by_test_id("parameters-fc2")).to_contain_text("fc2.weight(10, 64)640")
    expect(page.get_by_test_id("parameters-total")).to_have_text("13,706")
    expect(page.get_by_test_id("parameters-none")).to_have_text(
        "No parameters: act1, pool1, act2, pool2, flat, act3"
    )
    # 13,706 float32 parameters are 54,824 bytes; their gradients as many; Adam keeps two more.
    expect(page.get_by_test_id("estimate-parameters")).to_have_attribute("title", "54,824 bytes")
    expect(page.get_by_test_id("estimate-gradients")).to_have_attribute("title", "54,824 bytes")
    expect(page.get_by_test_id("estimate-optimizer")).to_have_attribute("title", "109,648 bytes")
    expect(page.get_by_test_id("estimate-activations")).to_contain_text("batch of 64")
    # What autograd keeps of 64 samples, as torch's saved-tensor hooks count it (test_estimate.py):
    # 11,264 bytes each, not the 15,144 of every layer's output and the input.
    expect(page.get_by_test_id("estimate-activations")).to_have_attribute(
        "title", re.compile(r"^720,896 bytes: what autograd keeps for the backward pass")
    )
    # SGD keeps one momentum buffer per parameter.
    page.get_by_test_id("optimizer-select").select_option("SGD")
    expect(page.get_by_test_id("estimate-optimizer")).to_have_attribute("title", "54,824 bytes")
    expect(page.get_by_test_id("estimate-optimizer")).to_contain_text("SGD state")


def test_a_cnn_template_keeps_the_persons_own_pictures(page: Page, server_url: str) -> None:
    """With an uploaded ZIP of photos chosen, LeNet went to the digits: the first Train trained
    on them without a word, and the runs of the person's data were named "lenet-digits"."""
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "shapes.zip", "mimeType": "application/zip", "buffer": shapes_zip(per_class=4)}
    )
    page.get_by_test_id("upload-button").click()
    select = page.get_by_test_id("dataset-select")
    expect(select).to_have_value(re.compile(r"^upload-"))
    uploaded = select.input_value()
    open_template(page, "lenet")
    expect(select).to_have_value(uploaded)
    expect(page.get_by_test_id("design-name")).to_have_value("lenet")
    expect(page.get_by_test_id("shape-output")).to_have_text("(2)")  # its two classes
    expect(page.get_by_role("alert")).to_have_count(0)
