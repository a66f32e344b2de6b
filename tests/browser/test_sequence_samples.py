"""Sequence samples drawn as line plots: the waveforms' preview, and an LSTM's mistakes on them."""

import io
import re
from collections.abc import Callable

import numpy as np
from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, open_editor, open_template
from tests.browser.test_upload_form import open_upload

WAVE = re.compile(r"^(sine|square|sawtooth) sample: 32 steps$")


def test_the_waveforms_preview_draws_each_sample_with_its_shape(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("waveforms")
    page.get_by_test_id("dataset-preview").locator("summary").first.click()
    samples = page.get_by_test_id("preview-sequences")
    expect(samples.locator("figcaption")).to_have_text(
        ["sine"] * 4 + ["square"] * 4 + ["sawtooth"] * 4
    )
    plots = samples.get_by_role("img")
    expect(plots).to_have_count(12)
    expect(plots.first).to_have_accessible_name("sine sample: 32 steps")
    expect(plots.first.locator("path")).to_have_attribute(
        "d", re.compile(r"^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){31}$")
    )
    for plot in plots.all():
        assert plot.bounding_box()["width"] >= 80  # type: ignore[index]
    expect(page.get_by_test_id("preview-rows")).to_have_count(0)  # no row of 32 columns

    # The numbers are one click away: a row of 32 values for each sample.
    values = page.get_by_test_id("preview-sequence-values")
    expect(values).to_be_hidden()
    samples.get_by_text("Show values").click()
    expect(values.locator("tr")).to_have_count(12)
    expect(values.locator("tr").first.locator("td")).to_have_count(32)
    samples.get_by_text("Show values").click()
    samples.scroll_into_view_if_needed()
    screenshot("sequence-preview")

    page.set_viewport_size(PHONE)
    page.get_by_test_id("dataset-preview").locator("summary").first.scroll_into_view_if_needed()
    for plot in plots.all():
        assert plot.bounding_box()["width"] >= 64  # type: ignore[index]  # a row per class
    screenshot("sequence-preview-phone")
    page.emulate_media(color_scheme="dark")
    screenshot("sequence-preview-phone-dark")


def _three_channel_waves() -> bytes:
    """An NPZ of 30 samples of 3 channels and 500 steps: a sine, a cosine and a ramp."""
    t = np.linspace(0, 4 * np.pi, 500)
    wave = np.stack([np.sin(t), np.cos(t), t / t.max()]).astype(np.float32)  # (3, 500)
    out = io.BytesIO()
    np.savez(out, x=np.stack([wave * (1 + i / 30) for i in range(30)]), y=np.arange(30) % 2)
    return out.getvalue()


def test_an_upload_s_channels_each_have_a_line_and_a_legend(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    open_upload(page, server_url, "channels.npz", _three_channel_waves())
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("shape-input")).to_have_text("(3, 500)")
    page.get_by_test_id("dataset-preview").locator("summary").first.click()
    samples = page.get_by_test_id("preview-sequences")
    expect(page.get_by_test_id("channel-legend")).to_have_text("channel 1channel 2channel 3")
    plots = samples.get_by_role("img")
    expect(plots).to_have_count(12)  # 6 of each of its 2 classes
    expect(plots.first).to_have_accessible_name("0 sample: 500 steps, 3 channels")
    expect(plots.first.locator("path")).to_have_count(3)
    samples.get_by_text("Show values").click()
    # 500 steps are drawn as the lowest and highest of 128 stretches: 256 values a channel.
    values = page.get_by_test_id("preview-sequence-values")
    expect(values.locator("tr")).to_have_count(36)
    expect(values.locator("tr").first.locator("td")).to_have_count(256)
    samples.get_by_text("Show values").click()
    page.emulate_media(color_scheme="dark")
    samples.scroll_into_view_if_needed()
    screenshot("sequence-preview-channels-dark")


def test_an_lstm_s_mistakes_on_the_waveforms_are_line_plots(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    open_template(page, "lstm")
    page.get_by_test_id("epochs-input").fill("2")  # too few to learn them: it makes mistakes
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    gallery = page.get_by_test_id("misclassified")
    expect(gallery).to_be_visible(timeout=15_000)
    plots = gallery.get_by_role("img")
    expect(plots.first).to_have_accessible_name(WAVE)
    assert plots.count() == gallery.locator("li").count() > 0
    expect(gallery.locator("code")).to_have_count(0)  # no row of numbers
    gallery.scroll_into_view_if_needed()
    screenshot("sequence-mistakes")
