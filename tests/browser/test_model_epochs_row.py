"""The model page's Epochs row says how many epochs the run trained of its plan, as the run's page
does: a run stopped at epoch 3 of 6 read "6"."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, screenshot_page
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.training.events import EndEvent, StartedEvent, TrainingEvent


def stopped_events(trained: int, planned: int) -> list[TrainingEvent]:
    """A run of `planned` epochs its owner stopped after `trained`."""
    events = finished_events(trained)
    started, end = events[0], events[-1]
    assert isinstance(started, StartedEvent) and isinstance(end, EndEvent)
    started.epochs, started.total_steps = planned, 4 * planned
    end.status = "cancelled"
    return events


def epochs_row(page: Page) -> str:
    row = page.get_by_test_id("training-settings").locator(
        "div", has=page.locator("dt", has_text="Epochs")
    )
    return row.locator("dd").inner_text()


def test_a_stopped_runs_model_page_says_the_epochs_it_trained_of_its_plan(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    planned = DIGITS_SETTINGS.model_copy(update={"epochs": 6})
    stopped = write_run(server_data, owner, DIGITS_MLP, planned, stopped_events(3, 6))
    done = write_run(server_data, owner, DIGITS_MLP, planned, finished_events(6))

    page.goto(f"{server_url}/runs/{stopped}")
    expect(page.get_by_test_id("epochs-done")).to_have_text("3 of 6 epochs done")
    page.goto(f"{server_url}/models/{stopped}")
    expect(page.get_by_test_id("training-settings")).to_contain_text("3 of 6 (stopped)")
    assert epochs_row(page) == "3 of 6 (stopped)"
    screenshot_page(page, screenshot, "model_epochs_stopped")
    page.set_viewport_size(PHONE)
    page.get_by_test_id("training-settings").scroll_into_view_if_needed()
    screenshot_page(page, screenshot, "model_epochs_stopped_phone")

    page.goto(f"{server_url}/models/{done}")  # a run that trained its plan: the plan alone
    expect(page.get_by_test_id("training-settings")).to_contain_text("Epochs")
    assert epochs_row(page) == "6"
