"""Forced colours (Windows high contrast): the legends' swatches keep their lines' colours and
dashes, the progress bar's fill stands out of its track in system colours, and the editor's chosen
List / Canvas tab is told apart, as is a button that is off but takes the focus."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)

MARKERS = """(figure) => [...figure.querySelectorAll('.u-legend .u-series')].slice(1).map((row) => {
    const s = getComputedStyle(row.querySelector('.u-marker'));
    return {label: row.querySelector('.u-label').textContent, colour: s.backgroundColor,
            image: s.backgroundImage, border: s.borderColor};
})"""
BACKGROUND = "(element) => getComputedStyle(element).backgroundColor"


def test_forced_colours_keep_what_colour_told_apart(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(3))
    page.emulate_media(forced_colors="active")
    page.goto(f"{server_url}/runs/{run_id}")
    epochs = page.get_by_test_id("epoch-chart")
    expect(epochs.locator(".u-legend .u-series")).to_have_count(
        4
    )  # x, train loss, val loss, val acc
    markers = {m["label"]: m for m in epochs.evaluate(MARKERS)}
    # The dashed training loss keeps its dashes; the solid lines keep colours of their own.
    assert "repeating-linear-gradient" in markers["train loss, epoch mean"]["image"], markers
    solid = [markers["val loss"]["colour"], markers["val accuracy %"]["colour"]]
    assert len(set(solid)) == 2, markers
    page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert page_background not in solid, (page_background, markers)

    # The progress bar: its fill, in the system's highlight, apart from its track, which has an edge.
    track, fill = page.locator(".progress-bar"), page.locator(".progress-fill")
    assert fill.evaluate(BACKGROUND) != track.evaluate(BACKGROUND)
    assert track.evaluate("(e) => getComputedStyle(e).borderTopStyle") == "solid"
    screenshot("forced-colours-run-page")

    # The editor's List / Canvas tabs: the chosen one looks chosen.
    open_editor(page, server_url)
    chosen, other = page.get_by_test_id("list-tab"), page.get_by_test_id("canvas-tab")
    expect(chosen).to_have_attribute("aria-selected", "true")
    assert chosen.evaluate(BACKGROUND) != other.evaluate(BACKGROUND)
    # Train, off on an empty design yet in the Tab order (aria-disabled), reads off: the system
    # greys only a natively disabled button.
    train = page.get_by_test_id("train-button")
    expect(train).to_have_attribute("aria-disabled", "true")
    colour = "(element) => getComputedStyle(element).color"
    assert train.evaluate(colour) != other.evaluate(colour)  # a button that is on
    screenshot("forced-colours-editor")
