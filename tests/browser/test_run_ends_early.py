"""A run that ended before it began training (cancelled while queued) offers no Continue and no
share link, which could only fail, and its messages read as the server wrote them; a run's link
opened in another browser says where runs live."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.browser_steps import PHONE
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.training.events import EndEvent, Metrics, StartedEvent


def test_a_run_that_never_started_offers_no_continue(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    cancelled = write_run(
        server_data,
        owner,
        DIGITS_MLP,
        DIGITS_SETTINGS,
        [EndEvent(status="cancelled", message="Cancelled before it started.", metrics=Metrics())],
    )
    page.goto(f"{server_url}/runs/{cancelled}")
    expect(page.get_by_test_id("run-message")).to_have_text("Cancelled before it started.")
    expect(page.get_by_test_id("run-status")).to_have_text("cancelled")  # it never trained
    # Its next step is said: nothing to continue from, so the editor (the page was a dead end).
    expect(page.get_by_test_id("continue-button")).to_have_count(0)
    expect(page.get_by_test_id("run-controls")).to_contain_text(
        "to train it again: it stopped before its first step, so there is nothing to go on from."
    )
    expect(page.get_by_test_id("never-started-open-in-editor")).to_be_visible()
    # Nothing else: no charts, results or model page for a run that never trained.
    for empty in ["loss-chart", "epoch-chart", "grad-heatmap-note", "run-model-page"]:
        expect(page.get_by_test_id(empty)).to_have_count(0)
    expect(page.get_by_text("No results:")).to_have_count(0)
    screenshot("run-cancelled-while-queued")
    # Continuing needs a checkpoint, and the server would answer that there is none.
    expect(page.get_by_test_id("continue-button")).to_have_count(0)
    expect(page.get_by_test_id("more-epochs-button")).to_have_count(0)
    # Nor a share link: it has no model to show.
    page.goto(f"{server_url}/models/{cancelled}")
    expect(page.get_by_test_id("files-none")).to_have_text(
        "Nothing to download: this run saved no weights."  # not an empty panel
    )
    expect(page.get_by_test_id("create-share")).to_have_count(0)  # no form that could only fail
    expect(page.get_by_test_id("share-expiry")).to_have_count(0)
    expect(page.get_by_test_id("share-needs-weights")).to_have_text(
        "A link shows a trained model, and this run has no weights to share."
    )
    screenshot("model-page-without-weights")

    # One that failed at its first step has its charts, which do not wait for steps that will
    # never come, and says why it has no results.
    failed = [
        StartedEvent(device="cpu", epochs=3, steps_per_epoch=4, total_steps=12, layers=["fc"]),
        EndEvent(status="failed", message="Out of memory at the first step.", metrics=Metrics()),
    ]
    page.goto(
        f"{server_url}/runs/{write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, failed)}"
    )
    expect(page.get_by_test_id("loss-chart").locator(".chart-empty")).to_have_text(
        "No steps: the run ended before its first step."
    )
    expect(page.get_by_test_id("epoch-chart").locator(".chart-empty")).to_have_text(
        "No epoch ended before the run did."
    )
    expect(page.get_by_test_id("grad-heatmap-note")).to_have_text(
        "No steps: the run ended before its first step."
    )
    # On a phone the note wraps over the plot, clear of the axes, whose numbers and labels are
    # drawn beside it.
    page.set_viewport_size(PHONE)
    note, plot = page.get_by_test_id("loss-chart").evaluate(
        """(chart) => {
          const range = document.createRange();
          range.selectNodeContents(chart.querySelector('.chart-empty'));
          const note = range.getBoundingClientRect(), plot = chart.querySelector('.u-over').getBoundingClientRect();
          return [[note.left, note.right], [plot.left, plot.right]];
        }"""
    )
    assert plot[0] <= note[0] and note[1] <= plot[1], (note, plot)
    page.set_viewport_size({"width": 1440, "height": 1000})

    # Stop leaves a checkpoint where the run stood, even in its first epoch: that one goes on.
    stopped = [
        StartedEvent(device="cpu", epochs=3, steps_per_epoch=4, total_steps=12, layers=["fc"]),
        EndEvent(status="cancelled", message="Stopped at step 2.", metrics=Metrics(step=2)),
    ]
    stopped_early = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, stopped)
    page.goto(f"{server_url}/runs/{stopped_early}")
    expect(page.get_by_test_id("run-message")).to_have_text("Stopped at step 2.")
    expect(page.get_by_test_id("continue-button")).to_be_visible()
    # Train N more instead of Continue drops the plan's other epochs: it says so.
    expect(page.get_by_test_id("more-epochs-label")).to_have_text(
        "more epochs, instead of the 3 left"
    )
    expect(page.get_by_test_id("run-status")).to_have_text("stopped")  # it trained two steps
    expect(page.get_by_test_id("download-weights")).to_have_count(0)  # none written here
    # The runs page says the same of both.
    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-status-{cancelled}")).to_have_text("cancelled")
    expect(page.get_by_test_id(f"run-status-{stopped_early}")).to_have_text("stopped")

    # A run with an epoch behind it goes on as before.
    done = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(2))
    page.goto(f"{server_url}/runs/{done}")
    expect(page.get_by_test_id("more-epochs-button")).to_be_visible()
    expect(page.get_by_test_id("more-epochs-label")).to_have_text("more epochs")  # none left


def test_a_run_link_in_another_browser_says_where_runs_live(
    page: Page, browser: Browser, server_url: str, server_data: Path
) -> None:
    run_id = write_run(
        server_data, owner_of(page, server_url), DIGITS_MLP, DIGITS_SETTINGS, finished_events(2)
    )
    elsewhere = browser.new_context()  # a teammate's browser, or the owner's on another machine
    try:
        other = elsewhere.new_page()
        other.goto(f"{server_url}/runs/{run_id}")
        expect(other.get_by_test_id("run-page-error")).to_have_text(
            f"Run {run_id} is not among this browser's runs: open it in the browser that "
            "started it, or ask for a share link."
        )
    finally:
        elsewhere.close()
