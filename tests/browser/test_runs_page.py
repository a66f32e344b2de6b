"""The runs page: every run with its start time, a duration that runs on while it trains and a
status that changes without a reload; a run renamed and given a note; filters by status and
dataset; the curves of the runs ticked, overlaid in one chart."""

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor, set_param

CLOCK = re.compile(r"^\d\d:\d\d:\d\d$")
# A run that trained took some time: a short one reads "40ms", never "0.0s".
DURATION = re.compile(r"^[1-9]\d*ms$|^(?!0\.0s)\d+(\.\d)?s$|^\d+m \d\ds$")


def _train(page: Page, lr: str) -> str:
    page.get_by_test_id("lr-input").fill(lr)
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    run_id = page.get_by_test_id("run-id").inner_text()
    page.go_back()  # Train opened the run's page; the editor kept the design
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    return run_id


def _row_order(page: Page) -> Locator:
    """The runs' ids in the order the table shows them."""
    return page.get_by_test_id("runs-table").locator("tbody tr[data-status] code")


def _accuracy_order(page: Page) -> Callable[[bool], list[str]]:
    """The runs' ids by final validation accuracy as the server has it: a run without one last,
    and ties (and those without) newest first, as the server lists them."""
    runs = api_of(page).get("/api/runs").json()

    def order(descending: bool) -> list[str]:
        known = [r for r in runs if r["metrics"]["val_accuracy"] is not None]
        # reverse=True keeps ties in list order too: newest first either way.
        known.sort(key=lambda r: r["metrics"]["val_accuracy"], reverse=descending)
        return [r["id"] for r in known] + [r["id"] for r in runs if r not in known]

    return order


def _legend_entries(page: Page, chart: str) -> list[str]:
    """The lines a chart of the overlay draws, as its legend names them (the x entry is hidden)."""
    legend = page.get_by_test_id("runs-overlay").get_by_test_id(chart).locator(".u-legend")
    return legend.locator(".u-series:not(:first-child) .u-label").all_inner_texts()


def test_runs_page_lists_labels_filters_and_compares(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("design-name").fill("my-network")  # the runs are labelled with it
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("3")
    slow = _train(page, "0.001")
    fast = _train(page, "0.05")

    # A third, long run on another dataset, still training when the runs page opens.
    page.get_by_test_id("dataset-select").select_option("moons")
    set_param(page, "fc1", "out_features", "2")
    page.get_by_test_id("epochs-input").fill("500")
    page.get_by_test_id("batch-size-input").fill("1")  # hundreds of thousands of steps: minutes
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)
    long = page.get_by_test_id("run-id").inner_text()

    page.get_by_test_id("runs-link").click()
    expect(page).to_have_url(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-status-{long}")).to_have_text("running")
    for run_id, lr in ((slow, "0.001"), (fast, "0.05")):
        row = page.get_by_test_id(f"run-row-{run_id}")
        for text in ("Handwritten digits (8×8)", lr, "succeeded", "3/3"):  # its title
            expect(row).to_contain_text(text)
        expect(page.get_by_test_id(f"run-started-{run_id}")).to_have_text(CLOCK)
        expect(page.get_by_test_id(f"run-duration-{run_id}")).to_have_text(DURATION)
    expect(page.get_by_test_id(f"run-started-{long}")).to_have_text(CLOCK)
    duration = page.get_by_test_id(f"run-duration-{long}")
    expect(duration).to_have_text(DURATION)
    expect(duration).not_to_have_text(duration.inner_text())  # it counts on, with no reload

    # Rename the long run and note why; both are kept on the server.
    rename = page.get_by_test_id(f"run-row-{long}").get_by_role("button", name="Rename / note")
    expect(rename).to_have_accessible_name("Rename / note of the run my-network")
    rename.click()
    page.get_by_test_id("run-name-input").fill("moons, long")
    page.get_by_test_id("run-note-input").fill("stopped early: loss flat after 20 epochs")
    page.get_by_test_id("run-label-save").click()
    expect(page.get_by_test_id(f"run-link-{long}")).to_have_text("moons, long")
    expect(page.get_by_test_id(f"run-note-{long}")).to_have_text(
        "stopped early: loss flat after 20 epochs"
    )

    # Stopped from its own page in another tab: this page sees it end without a reload.
    run_tab = page.context.new_page()
    run_tab.goto(f"{server_url}/runs/{long}")
    expect(run_tab.get_by_test_id("run-title")).to_have_text("moons, long")
    expect(run_tab.get_by_test_id("run-page-note")).to_have_text(
        "stopped early: loss flat after 20 epochs"
    )
    run_tab.get_by_test_id("stop-button").click()
    expect(run_tab.get_by_test_id("run-status")).to_have_text("stopped")
    run_tab.close()
    expect(page.get_by_test_id(f"run-status-{long}")).to_have_text("stopped")
    frozen = page.get_by_test_id(f"run-duration-{long}").inner_text()
    page.reload()
    expect(page.get_by_test_id(f"run-link-{long}")).to_have_text("moons, long")
    expect(page.get_by_test_id(f"run-duration-{long}")).to_have_text(frozen)

    # Filters, kept in the page's address.
    page.get_by_test_id("filter-status").select_option("succeeded")
    expect(page.get_by_test_id("runs-shown")).to_have_text("2 succeeded runs")  # the server's
    expect(page.get_by_test_id(f"run-row-{long}")).to_have_count(0)
    page.get_by_test_id("filter-status").select_option("all")
    page.get_by_test_id("filter-dataset").select_option(label="Two moons")
    expect(page).to_have_url(f"{server_url}/runs?dataset=moons")
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 run on Two moons")  # the server's
    expect(page.get_by_test_id(f"run-row-{slow}")).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id(f"run-row-{long}")).to_be_visible()
    expect(page.get_by_test_id(f"run-row-{fast}")).to_have_count(0)
    page.get_by_role("button", name="Show all").click()
    expect(page.get_by_test_id("runs-shown")).to_have_text("3 runs")

    # Sort by validation accuracy: best first, then reversed; a run without one stays last.
    by_accuracy = _accuracy_order(page)
    heading = page.get_by_test_id("sort-val_accuracy")
    heading.get_by_role("button").click()
    expect(heading).to_have_attribute("aria-sort", "descending")
    expect(page.get_by_test_id("sort-started")).not_to_have_attribute("aria-sort", re.compile("."))
    expect(_row_order(page)).to_have_text(by_accuracy(True))
    heading.get_by_role("button").click()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    expect(_row_order(page)).to_have_text(by_accuracy(False))
    expect(page).to_have_url(f"{server_url}/runs?sort=val_accuracy&order=asc")
    page.reload()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    expect(_row_order(page)).to_have_text(by_accuracy(False))
    for width in (1440, 1024):
        page.set_viewport_size({"width": width, "height": 1000})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            screenshot(f"runs-sorted-{width}-{scheme}")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # Compare: one line per ticked run in each chart, named in its legend.
    for run_id in (slow, fast):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    overlay = page.get_by_test_id("runs-overlay")
    expect(overlay).to_have_attribute("data-runs", f"{fast} {slow}")  # table order: newest first
    for chart in ("overlay-val-loss", "overlay-accuracy", "overlay-loss"):
        expect(overlay.get_by_test_id(chart).locator(".u-legend .u-series")).to_have_count(3)
    assert _legend_entries(page, "overlay-accuracy") == [
        f"my-network · {fast[:6]} · Adam lr 0.05",
        f"my-network · {slow[:6]} · Adam lr 0.001",
    ]
    screenshot("runs-page")
    # The comparison sits under the table, out of sight on a short window: a link leads to it.
    page.set_viewport_size({"width": 1440, "height": 400})
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(overlay).not_to_be_in_viewport()
    page.get_by_test_id("runs-compare-link").focus()
    page.keyboard.press("Enter")
    expect(overlay).to_be_in_viewport()
    expect(overlay).to_be_focused()  # the next Tab goes on in it, not back to the table
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.get_by_test_id(f"run-row-{slow}").get_by_role("checkbox").uncheck()
    expect(overlay.get_by_test_id("overlay-loss").locator(".u-legend .u-series")).to_have_count(2)
    assert _legend_entries(page, "overlay-loss") == [f"my-network · {fast[:6]} · Adam lr 0.05"]

    # Runs of one design share its name: each link says which run it opens.
    named = page.get_by_role("link", name=f"my-network · {fast[:6]}", exact=True)
    expect(named).to_have_attribute("href", f"/runs/{fast}")
    model = page.get_by_role("link", name=f"Model page of my-network · {fast[:6]}", exact=True)
    expect(model).to_have_attribute("href", f"/models/{fast}")

    # Delete the ticked runs, after a question that names them (their rows may be out of sight).
    page.get_by_test_id(f"run-row-{long}").get_by_role("checkbox").check()
    expect(page.get_by_test_id("runs-delete-button")).to_have_text("Delete the 2 ticked runs…")
    page.get_by_test_id("runs-delete-button").click()
    expect(page.get_by_test_id("runs-delete-confirm")).to_contain_text(
        f"Delete 2 runs (moons, long · {long[:6]}, my-network · {fast[:6]}) with their weights, "
        "files and share links?"
    )
    page.get_by_test_id("runs-delete-no").click()
    # A ticked run that the status filter (the server's) leaves out stays ticked and compared.
    page.get_by_test_id("filter-status").select_option("succeeded")
    expect(page.get_by_test_id(f"run-row-{long}")).to_have_count(0)
    expect(overlay).to_have_attribute("data-runs", re.compile(f"^({fast} {long}|{long} {fast})$"))
    expect(page.get_by_test_id("runs-delete-button")).to_have_text("Delete the 2 ticked runs…")
    page.get_by_test_id("filter-status").select_option("all")
    expect(page.get_by_test_id("runs-shown")).to_have_text("3 runs")
    # Its run page and model page, left open in other tabs, each say it went, and offer nothing more.
    run_tab, model_tab = page.context.new_page(), page.context.new_page()
    run_tab.goto(f"{server_url}/runs/{fast}")
    expect(run_tab.get_by_test_id("download-weights")).to_be_visible()
    model_tab.goto(f"{server_url}/models/{fast}")
    expect(model_tab.get_by_test_id("model-name")).to_be_visible()
    page.bring_to_front()
    page.get_by_test_id("runs-delete-button").click()
    page.get_by_test_id("runs-delete-yes").click()
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 run")
    gone = re.compile(f"^You deleted run {fast} on ")
    expect(run_tab.get_by_test_id("run-refused")).to_have_text(gone)
    expect(run_tab.get_by_test_id("run-status")).to_contain_text("(as of ")
    for control in ("run-controls", "download-weights", "open-model-page", "run-open-in-editor"):
        expect(run_tab.get_by_test_id(control)).to_have_count(0)
    # What it showed of its training stays; the model page keeps nothing (no try-it, no files).
    expect(run_tab.get_by_test_id("loss-chart")).to_be_visible()
    expect(model_tab.get_by_role("main")).to_have_text(gone)
    run_tab.close()
    model_tab.close()
    expect(page.get_by_test_id(f"run-row-{slow}")).to_be_visible()
    expect(page.get_by_test_id("runs-delete-button")).to_have_count(0)  # nothing ticked is left
    assert api_of(page).get(f"/api/runs/{fast}").status == 410
    # Its old address (a bookmark, a tab left open) says it was deleted, and when, not "not found".
    page.goto(f"{server_url}/runs/{fast}")
    expect(page.get_by_test_id("run-page-error")).to_contain_text(
        re.compile(
            f"^You deleted run {fast} on \\d{{1,2}} [A-Z][a-z]{{2,3}}( \\d{{4}})?, \\d\\d:\\d\\d:"
        )
    )
    # A run page that could not reach the server as it opened says so (it said "Failed to fetch"
    # for good), and shows the run as soon as it can.
    page.route("**/api/models/*", lambda route: route.abort())
    page.goto(f"{server_url}/runs/{slow}")
    expect(page.get_by_test_id("run-page-error")).to_have_text(
        "Could not reach the server: check this computer's network connection, then try again. "
        "This page tries again by itself."
    )
    page.unroute("**/api/models/*")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=15_000)
