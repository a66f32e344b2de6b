"""A run whose schedule never moved its rate (StepLR of step 5 on a 3-epoch run) names the
schedule beside its constant rate, where it read "constant (no schedule)"."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run

DESIGN = {
    "version": 1,
    "name": "linear",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def test_a_schedule_that_did_not_move_the_rate_is_named(
    page: Page, server_url: str, server_data: Path
) -> None:
    training = DIGITS_SETTINGS.model_copy(
        update={"scheduler": "StepLR", "scheduler_params": {"step_size": 5}}
    )
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DESIGN, training, finished_events(3))
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("lr-constant")).to_have_text(
        "Learning rate 1e-3, constant: StepLR did not change it in these epochs"
    )
    plain = write_run(server_data, owner, DESIGN, DIGITS_SETTINGS, finished_events(3))
    page.goto(f"{server_url}/runs/{plain}")
    expect(page.get_by_test_id("lr-constant")).to_have_text(
        "Learning rate 1e-3, constant (no schedule)"
    )
