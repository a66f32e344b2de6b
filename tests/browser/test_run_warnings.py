"""A run's warnings read as one line for each kind at each step: a deep stack whose gradients
vanished in nine layers at once showed nine boxes of the same advice, with its backticks as text."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.training.events import EndEvent, Metrics, StartedEvent
from torchcanvas.training.insight_warnings import WarningEvent


def _vanished(layer: str) -> WarningEvent:
    message = f"Gradients in `{layer}` have vanished (norm 1.0e-9): it barely learns."
    return WarningEvent(step=4, kind="vanishing", layer=layer, message=message)


def test_warnings_of_one_kind_at_one_step_are_one_line_naming_the_other_layers(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    events = finished_events(3)
    dead = WarningEvent(step=4, kind="dead_relu", layer="act", message="ReLU `act` is mostly dead.")
    warned = [*events[:2], _vanished("fc1"), _vanished("fc2"), dead, _vanished("fc3"), *events[2:]]
    run_id = write_run(server_data, owner_of(page, server_url), DIGITS_MLP, DIGITS_SETTINGS, warned)
    page.goto(f"{server_url}/runs/{run_id}")

    lines = page.get_by_test_id("run-warnings").locator(":scope > li")
    expect(lines).to_have_count(2)
    first = lines.first
    expect(first).to_contain_text("step 4 Gradients in fc1 have vanished (norm 1.0e-9)")
    others = first.get_by_test_id("warning-others")
    expect(others.locator("summary")).to_have_text("The same in 2 more layers: fc2, fc3")
    expect(others.locator("li").first).not_to_be_visible()  # their own messages, on a click
    others.locator("summary").click()
    expect(others.locator("li")).to_have_text(
        [
            "Gradients in fc2 have vanished (norm 1.0e-9): it barely learns.",
            "Gradients in fc3 have vanished (norm 1.0e-9): it barely learns.",
        ]
    )
    expect(lines.nth(1)).to_have_text("step 4 ReLU act is mostly dead.")
    assert "`" not in page.get_by_test_id("run-warnings").inner_text()
    page.get_by_test_id("run-warnings").scroll_into_view_if_needed()
    screenshot("run-warnings-grouped")


def test_a_continued_run_shows_its_latest_part_s_word_on_a_layer(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """ReLUs killed by a rate, then a Continue at a lower one: its first look finds them dead,
    and says no rate brings them back. The page kept the first part's "Lower the learning rate"
    (each kind is said once a layer), telling a learner to lower a rate already lowered."""
    first, more = finished_events(2), finished_events(3)
    dead = "ReLU `act` is mostly dead: 100% of its units gave 0. Lower the learning rate."
    before = (
        "ReLU `act` is mostly dead: 100% of its units gave 0. They died before this part of the "
        "run began, and no rate brings them back: train a new run."
    )
    started = StartedEvent(
        device="cpu", epochs=3, steps_per_epoch=4, total_steps=12, layers=["fc"], first_epoch=3,
        first_step=8, lr=1e-4,
    )  # fmt: skip
    events = [
        *first[:2],
        WarningEvent(step=4, kind="dead_relu", layer="act", message=dead),
        *first[2:-1],
        EndEvent(status="cancelled", metrics=Metrics(epoch=2, step=8)),
        started,
        *more[5:7],
        WarningEvent(step=10, kind="dead_relu", layer="act", message=before),
        *more[7:],
    ]
    run_id = write_run(server_data, owner_of(page, server_url), DIGITS_MLP, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    lines = page.get_by_test_id("run-warnings").locator(":scope > li")
    expect(lines).to_have_text(
        [
            "step 10 ReLU act is mostly dead: 100% of its units gave 0. They died before this "
            "part of the run began, and no rate brings them back: train a new run."
        ]
    )
    page.get_by_test_id("run-warnings").scroll_into_view_if_needed()
    screenshot("run-warnings-after-continue")
