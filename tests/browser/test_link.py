"""A whole design and its settings fit in a link, and a graph round-trips through the link and a file."""

import json
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.browser_steps import open_editor


def open_residual_on_sine_then_digits(page: Page) -> None:
    page.get_by_test_id("dataset-select").select_option("sine")
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-residual").click()
    expect(page.get_by_test_id("dataset-select")).to_have_value("digits")
    page.get_by_test_id("design-name").fill("skip")


def test_a_copied_link_opens_the_same_graph_in_a_fresh_page(
    page: Page, browser: Browser, server_url: str
) -> None:
    open_editor(page, server_url)
    open_residual_on_sine_then_digits(page)
    page.get_by_test_id("epochs-input").fill("7")
    page.get_by_test_id("lr-input").fill("0.02")
    page.get_by_test_id("copy-link").click()
    link = page.get_by_test_id("design-link").input_value()
    assert link.startswith(f"{server_url}/#design=")
    assert len(link) < 1000, "the design is deflated"

    fresh = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        fresh.goto(link)
        expect(fresh.get_by_test_id("design-name")).to_have_value("skip")
        expect(fresh.get_by_test_id("dataset-select")).to_have_value("digits")
        expect(fresh.get_by_test_id("epochs-input")).to_have_value("7")  # the settings come too
        expect(fresh.get_by_test_id("lr-input")).to_have_value("0.02")
        expect(fresh.get_by_test_id("inputs-add")).to_have_text("Takes conv3 and act1")
        expect(fresh.get_by_test_id("total-params")).to_have_text("7,370 parameters")
        fresh.get_by_test_id("canvas-tab").click()
        expect(fresh.get_by_test_id("edge-act1-add")).to_have_text("(16, 8, 8)")
        # Undo reaches back to the empty design the page opened with.
        fresh.get_by_test_id("undo").click()
        expect(fresh.get_by_test_id("node-add")).to_have_count(0)
    finally:
        fresh.close()


def test_a_damaged_link_says_so(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/#design=not-a-design")
    expect(page.get_by_test_id("link-error")).to_contain_text("This link's design is damaged")
    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()


def test_a_graph_round_trips_through_a_file(page: Page, server_url: str, tmp_path: Path) -> None:
    open_editor(page, server_url)
    open_residual_on_sine_then_digits(page)
    with page.expect_download() as download_info:
        page.get_by_test_id("download-design").click()
    saved = tmp_path / "skip.json"
    download_info.value.save_as(saved)
    design = json.loads(saved.read_text())
    assert ["act1", "add"] in design["edges"]
    assert len(design["edges"]) == 11

    page.reload()
    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()
    page.get_by_test_id("load-design").set_input_files(saved)
    expect(page.get_by_test_id("inputs-add")).to_have_text("Takes conv3 and act1")
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
