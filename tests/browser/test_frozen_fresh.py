"""A layer ticked frozen while Start from is back on Fresh weights would keep its random start:
Train waits, naming the layer and the fix, until a run is chosen or the box unticked."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_MLP_TEMPLATE
from tests.browser.browser_steps import open_editor, open_section, open_template
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run

FRESH = (
    "fc1 is frozen but the weights are fresh, so it would keep its random start: choose a run "
    "in Start from, or untick it."
)


def test_train_waits_for_frozen_layers_on_fresh_weights(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    parent = write_run(server_data, owner, DIGITS_MLP_TEMPLATE, DIGITS_SETTINGS, finished_events(3))
    open_editor(page, server_url)
    open_template(page, "mlp")
    open_section(page, "fine-tune")
    train, reason = (
        page.get_by_test_id("train-button"),
        page.get_by_test_id("train-disabled-reason"),
    )
    expect(train).to_be_enabled()

    # Start from a run, freeze fc1: it trains (fc1 comes from the run).
    page.get_by_test_id("start-from-select").select_option(parent)
    page.get_by_test_id("freeze-fc1").check()
    expect(reason).to_have_count(0)
    # Back to fresh weights, fc1 still ticked: Train waits, saying why and what to do.
    page.get_by_test_id("start-from-select").select_option("")
    expect(page.get_by_test_id("freeze-fc1")).to_be_checked()
    expect(train).to_be_disabled()
    expect(reason).to_have_text(FRESH)
    expect(page.get_by_test_id("freeze-fresh")).to_have_text(FRESH)
    screenshot("editor-frozen-on-fresh-weights")
    page.get_by_test_id("freeze-fc1").uncheck()  # the fix it names
    # Nothing chosen now, the section stays open under the pointer (it folded away).
    expect(page.get_by_test_id("fine-tune")).to_have_attribute("open", "")
    expect(train).to_be_enabled()
    expect(reason).to_have_count(0)
    page.get_by_test_id("freeze-fc1").check()
    expect(train).to_be_disabled()
    page.get_by_test_id("start-from-select").select_option(parent)  # the other fix
    expect(train).to_be_enabled()
