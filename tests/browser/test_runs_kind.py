"""The runs page filters by kind, training runs or learning-rate range tests, and keeps the kind in
its address as it keeps the other filters."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run
from torchcanvas.training.settings import RangeTest

DESIGN = {
    "version": 1,
    "name": "mlp",
    "input_shape": [1, 8, 8],
    "layers": [{"id": "flat", "type": "Flatten"}, {"id": "fc", "type": "Linear"}],
}


def test_the_runs_page_shows_range_tests_or_training_runs_alone(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    trained = write_run(server_data, owner, DESIGN, DIGITS_SETTINGS, finished_events(2))
    range_test = DIGITS_SETTINGS.model_copy(update={"range_test": RangeTest()})
    tested = write_run(server_data, owner, DESIGN, range_test, finished_events(1))
    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id("runs-shown")).to_have_text("2 runs")
    kind = page.get_by_test_id("filter-kind")
    kind.select_option("range-test")
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 range test")  # the server's
    expect(page.get_by_test_id(f"run-link-{tested}")).to_be_visible()
    expect(page.get_by_test_id(f"run-link-{trained}")).to_have_count(0)
    assert page.url.endswith("/runs?kind=range-test")
    screenshot("runs-kind-filter")
    page.reload()  # the address keeps the filter
    expect(kind).to_have_value("range-test")
    expect(page.get_by_test_id(f"run-link-{trained}")).to_have_count(0)
    kind.select_option("training")
    expect(page.get_by_test_id(f"run-link-{trained}")).to_be_visible()
    expect(page.get_by_test_id(f"run-link-{tested}")).to_have_count(0)
    kind.select_option("")
    expect(page.get_by_test_id("runs-shown")).to_have_text("2 runs")
    assert page.url.endswith("/runs")
