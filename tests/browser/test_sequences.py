"""Build an LSTM on the waveforms by clicking, read its shapes and the fix for a wrong output, train it."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import (
    add_layer,
    open_editor,
    open_layer,
    open_template,
    set_param,
)


def test_an_lstm_on_the_waveforms_shows_its_shapes_and_trains(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("waveforms")
    expect(page.get_by_test_id("shape-input")).to_have_text("(1, 32)")
    # The set's own steps: the editor's 10 epochs of 64 leave it at chance.
    expect(page.get_by_test_id("epochs-input")).to_have_value("50")
    expect(page.get_by_test_id("batch-size-input")).to_have_value("16")

    lstm = page.get_by_test_id("palette-LSTM")
    expect(lstm).to_have_attribute("title", re.compile("reads a sequence \\(C, L\\) step by step"))
    expect(page.get_by_test_id("palette-GRU")).to_be_visible()
    add_layer(page, "LSTM")
    # Every step, channels first: hidden_size channels by 32 steps.
    page.locator("#param-lstm1-output").select_option("sequence")
    expect(page.get_by_test_id("shape-lstm1")).to_have_text("(32, 32)")
    expect(page.get_by_test_id("params-lstm1")).to_have_text("4,480 params")  # 4·32·(1+32) + 4·32·2

    # A Linear on every step is an error whose fix hands on the last step instead.
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "3")
    expect(page.get_by_test_id("error-fc1")).to_contain_text(
        "lstm1 hands on every step, so set its output to last"
    )
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    fix = page.get_by_test_id("fix-fc1")
    expect(fix).to_have_text("Fix: Set output of lstm1 to last")
    fix.click()
    expect(page.get_by_test_id("shape-lstm1")).to_have_text("(32)")
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(3)")
    expect(page.get_by_test_id("total-params")).to_have_text("4,579 parameters")
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    screenshot("sequence-editor")

    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    accuracy = page.get_by_test_id("accuracy-value")
    expect(accuracy).to_have_text(re.compile(r"^\d+\.\d%$"))
    assert float((accuracy.text_content() or "0").rstrip("%")) > 80  # chance is 33.3%
    screenshot("sequence-run")


def test_the_lstm_template_opens_on_the_waveforms(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    open_template(page, "lstm")
    expect(page.get_by_test_id("dataset-select")).to_have_value("waveforms")
    expect(page.get_by_test_id("shape-lstm1")).to_have_text("(32)")
    expect(page.get_by_test_id("shape-output")).to_have_text("(3)")
    expect(page.get_by_test_id("total-params")).to_have_text("4,579 parameters")
    expect(page.get_by_role("alert")).to_have_count(0)
    # The layer type menu offers its kin: a GRU keeps the LSTM's settings, with fewer weights.
    open_layer(page, "lstm1")
    kind = page.get_by_test_id("layer-type-lstm1")
    expect(kind.locator("option")).to_have_text(["LSTM", "GRU"])
    kind.select_option("GRU")
    expect(page.get_by_test_id("shape-gru1")).to_have_text("(32)")  # its id follows its type
    expect(page.get_by_test_id("total-params")).to_have_text("3,459 parameters")  # 3·32·(1+32+2)
