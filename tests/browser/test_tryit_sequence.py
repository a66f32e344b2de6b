"""Try it on a sequence model (C, L): a number field for each step and a box to paste them all,
not the drawing pad a waveform's (1, 32) got (a 1 × 32 grid of 0, 0.5 and 1); negative values
taken, and the model's answer on screen."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.test_sequence_samples import _three_channel_waves
from tests.browser.test_upload_form import open_upload

WAVES_LSTM = {
    "version": 1,
    "name": "waves-lstm",
    "input_shape": [1, 32],
    "layers": [
        {"id": "lstm1", "type": "LSTM", "params": {"hidden_size": 8, "output": "last"}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
    ],
}
# One epoch: the test is of Try it, not of how well the LSTM learns.
TRAINING = {
    "dataset": "waveforms",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "epochs": 1,
    "batch_size": 64,
}
# A square wave of two periods, from -1 to 1.
SQUARE = [1.0 if (i // 8) % 2 == 0 else -1.0 for i in range(32)]


def test_a_sequence_model_takes_typed_and_pasted_steps_negative_ones_too(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, WAVES_LSTM, TRAINING)
    page.goto(f"{server_url}/models/{run_id}")
    try_it = page.get_by_test_id("try-it")
    expect(try_it.get_by_test_id("try-sequence")).to_be_visible()
    expect(try_it.get_by_test_id("draw-grid")).to_have_count(0)
    fields = try_it.locator("input[type=number]")
    expect(fields).to_have_count(32)
    expect(try_it.get_by_label("step 1", exact=True)).to_have_value("0")
    expect(try_it.get_by_label("step 32", exact=True)).to_be_visible()
    plot = try_it.get_by_role("img", name="This sample: 32 steps")

    # Pasted as a Python list prints one: every field takes its number, and the model answers.
    paste = try_it.get_by_test_id("sequence-paste")
    paste.fill(str(SQUARE))
    try_it.get_by_test_id("sequence-paste-use").click()
    expect(try_it.get_by_label("step 9", exact=True)).to_have_value("-1")
    expect(try_it.get_by_label("step 32", exact=True)).to_have_value("-1")
    expect(plot.locator("path")).to_have_attribute(
        "d", re.compile(r"^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){31}$")
    )
    chosen = try_it.get_by_test_id("predicted-class")
    expect(chosen).to_have_text(re.compile(r"^(sine|square|sawtooth)$"))
    api = api_of(page).post(f"/api/runs/{run_id}/predict", data={"input": SQUARE}).json()
    expect(chosen).to_have_text(api["predicted"])
    expect(try_it.get_by_test_id("probabilities").locator("li")).to_have_count(3)
    screenshot("try-sequence-pasted")

    # A step typed: negative values stand, and the answer follows for the new values.
    typed = [*SQUARE[:3], -2.5, *SQUARE[4:]]
    try_it.get_by_label("step 4", exact=True).fill("-2.5")
    expect(try_it.get_by_test_id("prediction-stale")).to_have_count(0)
    expect(try_it.get_by_label("step 4", exact=True)).to_have_value("-2.5")
    api = api_of(page).post(f"/api/runs/{run_id}/predict", data={"input": typed}).json()
    bars = try_it.get_by_test_id("probabilities").locator(".bar > span")
    expect(bars).to_have_count(3)
    scales = [f"{p:.3f}" for p in api["probabilities"]]
    for bar, scale in zip(bars.all(), scales, strict=True):
        expect(bar).to_have_attribute("style", f"transform: scaleX({scale});")
    expect(chosen).to_have_text(api["predicted"])
    expect(try_it.get_by_test_id("try-error")).to_have_count(0)

    # Too few numbers pasted: said, and the fields keep the values they had.
    paste.fill("0.5, -0.5, 1")
    try_it.get_by_test_id("sequence-paste-use").click()
    expect(try_it.get_by_test_id("sequence-paste-problem")).to_have_text(
        "That is 3 numbers; the model takes 32: 32 steps."
    )
    expect(paste).to_have_attribute("aria-invalid", "true")
    expect(try_it.get_by_label("step 4", exact=True)).to_have_value("-2.5")
    try_it.scroll_into_view_if_needed()
    screenshot("try-sequence-problem")
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="dark")
    try_it.scroll_into_view_if_needed()
    screenshot("try-sequence-phone-dark")


def test_a_long_sequence_of_channels_is_pasted_not_typed(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """(3, 500): 1,500 numbers, too many fields to type; it was told to go to Classify many."""
    open_upload(page, server_url, "channels.npz", _three_channel_waves())
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("shape-input")).to_have_text("(3, 500)")
    design = {
        "version": 1,
        "name": "channels-conv",
        "input_shape": [3, 500],
        "layers": [
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
        ],
    }
    dataset = page.get_by_test_id("dataset-select").input_value()
    run_id = train_through_page(page, design, {**TRAINING, "dataset": dataset})
    page.goto(f"{server_url}/models/{run_id}")
    try_it = page.get_by_test_id("try-it")
    expect(try_it.get_by_test_id("sequence-too-long")).to_have_text(
        "1,500 numbers are more than 32 fields: paste them above."
    )
    expect(try_it.locator("input[type=number]")).to_have_count(0)
    expect(
        try_it.get_by_text("Paste 1,500 numbers (3 channels of 500 steps, channel 1's first)")
    ).to_be_visible()
    values = [round(-1 + i / 750, 4) for i in range(1500)]
    try_it.get_by_test_id("sequence-paste").fill(
        "\n".join(" ".join(map(str, values[c * 500 : (c + 1) * 500])) for c in range(3))
    )
    try_it.get_by_test_id("sequence-paste-use").click()
    api = api_of(page).post(f"/api/runs/{run_id}/predict", data={"input": values}).json()
    expect(try_it.get_by_test_id("predicted-class")).to_have_text(api["predicted"])
    plot = try_it.get_by_role("img", name="This sample: 500 steps, 3 channels")
    expect(plot.locator("path")).to_have_count(3)
    expect(try_it.get_by_test_id("channel-legend")).to_have_text("channel 1channel 2channel 3")
    screenshot("try-sequence-long")
