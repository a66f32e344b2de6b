"""Among many finished runs, Start from has a box that finds an older run by its name, note, id
or dataset (the server's search), so that it need not be scrolled for in the list."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_MLP_TEMPLATE as MLP
from tests.browser.browser_steps import open_editor, open_section, open_template
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run
from torchcanvas.store.run_labels import RunLabels


def test_start_from_finds_an_older_run_by_text(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    labels = RunLabels(name="old baseline", note="sample_id dropped")
    old = write_run(server_data, owner, MLP, DIGITS_SETTINGS, finished_events(3), labels)
    for i in range(10):
        write_run(
            server_data, owner, MLP, DIGITS_SETTINGS, finished_events(3), RunLabels(name=f"try {i}")
        )
    open_editor(page, server_url)
    open_template(page, "mlp")
    open_section(page, "fine-tune")
    select, find = page.get_by_test_id("start-from-select"), page.get_by_test_id("start-from-find")
    expect(select.locator("option")).to_have_count(12)  # Fresh weights and the eleven runs

    find.fill("SAMPLE_ID")  # its note, case aside
    expect(select.locator("option")).to_have_count(2)
    expect(select.locator("option").nth(1)).to_have_text(
        f"old baseline ({old[:6]}) · 90.0% on digits"
    )
    select.select_option(old)
    screenshot("editor-start-from-find")
    expect(page.get_by_test_id("init-from-note")).to_contain_text(f"old baseline {old}")
    find.fill("nothing like it")
    expect(page.get_by_test_id("start-from-none")).to_have_text(
        "No finished run found by “nothing like it”."
    )
    expect(select).to_have_value(old)  # the chosen run stays chosen, under its name
    expect(select.locator(f'option[value="{old}"]')).to_have_text(
        f"old baseline ({old[:6]}) · 90.0% on digits"
    )
    find.fill("")
    expect(select.locator("option")).to_have_count(12)
    expect(select).to_have_value(old)
