"""A stopped run writes its step the same way wherever it says it: 3,348 in the banner (the
server's message says 3348), in what a screen reader hears, in the progress line and its title."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import DIGITS_MLP, DIGITS_SETTINGS, owner_of, write_run
from torchcanvas.training.events import EndEvent, EpochEvent, Metrics, ProgressEvent, StartedEvent

STEP = 3348


def test_a_stopped_runs_step_reads_the_same_in_banner_and_live_region(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    metrics = Metrics(epoch=3, step=STEP, train_loss=0.5, val_loss=0.6, val_accuracy=0.8)
    events = [
        StartedEvent(
            device="cpu", epochs=100, steps_per_epoch=900, total_steps=90_000, layers=["fc"]
        ),
        ProgressEvent(
            epoch=4,
            step=STEP,
            loss=0.5,
            losses=[0.5],
            grad_norms={"fc": 1.0},
            elapsed=9,
            eta=1.0,
            samples_per_second=100.0,
        ),
        EpochEvent(epoch=3, step=2700, train_loss=0.5, val_loss=0.6, val_accuracy=0.8, elapsed=8),
        EndEvent(status="cancelled", message=f"Stopped at step {STEP}.", metrics=metrics),
    ]
    run_id = write_run(server_data, owner_of(page, server_url), DIGITS_MLP, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-message")).to_have_text("Stopped at step 3,348.")
    # Said once: the hidden status says what Stop left, not the message again.
    expect(page.get_by_test_id("run-status-said")).to_have_text(
        "Stopped. Its weights are kept, and Continue goes on from there."
    )
    assert page.locator("body").inner_text().count("Stopped at step 3,348.") == 1
    expect(page.get_by_test_id("progress-step")).to_have_text("3,348")
    expect(page.get_by_test_id("progress")).to_contain_text("step 3,348 of 90,000")
    expect(page.get_by_test_id("run-status")).to_have_attribute(
        "title", "Stopped at step 3,348: its weights are kept, and Continue goes on from there"
    )
    screenshot("run-page-stopped-counts")
