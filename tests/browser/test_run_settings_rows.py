"""A run's "Trained with…" lists the options only a 2-D set takes (noise, training share,
features) for a run on a 2-D set, and not for a digits run, where "default" read as if it had them."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.training.settings import TrainingSettings

PLANE_ROWS = ["Noise %", "Training share %", "Features"]
SPIRAL_MLP = {
    "version": 1,
    "name": "spiral-mlp",
    "input_shape": [2],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
}


def _rows(page: Page) -> list[str]:
    settings = page.get_by_test_id("run-settings")
    settings.locator("summary").click()
    expect(settings.locator("dt").first).to_be_visible()
    return settings.locator("dt").all_inner_texts()


def test_a_digits_run_lists_no_2d_set_options(
    page: Page, server_url: str, server_data: Path
) -> None:
    owner = owner_of(page, server_url)
    digits = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(2))
    page.goto(f"{server_url}/runs/{digits}")
    rows = _rows(page)
    assert "Dataset" in rows and "Batch size" in rows, rows
    assert not set(PLANE_ROWS) & set(rows), rows

    spiral = TrainingSettings(
        dataset="spiral",
        loss="CrossEntropyLoss",
        optimizer="Adam",
        lr=0.01,
        epochs=2,
        batch_size=32,
        dataset_options={"noise": 20},
    )
    run_id = write_run(server_data, owner, SPIRAL_MLP, spiral, finished_events(2))
    page.goto(f"{server_url}/runs/{run_id}")
    rows = _rows(page)
    assert set(PLANE_ROWS) <= set(rows), rows
    noise = page.get_by_test_id("run-settings").locator("div", has_text="Noise %")
    expect(noise.locator("dd")).to_have_text("20")
