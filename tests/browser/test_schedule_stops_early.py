"""A schedule planned over the whole run, with early stopping: the editor says a run stopped early
ends part way along it (OneCycleLR stopped at epoch 13 of 60, inside its warm-up, unsaid)."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor


def test_a_whole_run_schedule_with_early_stopping_says_it_may_end_part_way(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("epochs-input").fill("60")
    page.get_by_text("Schedule, clipping, early stopping").click()
    page.get_by_test_id("scheduler-select").select_option("OneCycleLR")
    note = page.get_by_test_id("schedule-stops-early")
    expect(note).to_have_count(0)  # no early stopping yet
    page.get_by_test_id("patience-input").fill("3")
    expect(note).to_have_text(
        "OneCycleLR plans its rate over all 60 epochs: a run stopped early ends part way along "
        "it, its rate not yet brought down, or not yet at its peak. Leave the patience empty, or "
        "use StepLR or ReduceLROnPlateau."
    )
    page.get_by_test_id("scheduler-select").select_option("CosineAnnealingLR")
    expect(note).to_contain_text("CosineAnnealingLR plans its rate over all 60 epochs")
    page.get_by_test_id("scheduler-select").select_option("StepLR")  # planned epoch by epoch
    expect(note).to_have_count(0)
    page.get_by_test_id("scheduler-select").select_option("OneCycleLR")
    page.get_by_test_id("patience-input").fill("")
    expect(note).to_have_count(0)
