"""A regression's test line on the run page puts the validation set's errors beside the test
set's, both in the target's own units with 3 significant figures: "Test mean absolute error 46.1
(RMSE 56.4) on 89 held-out samples, …; validation 44.1 (RMSE 55.0)", where the top card's only
validation number was its loss in standardised units (0.5172) and the comparable error was at the
bottom of the page."""

import math
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.test_try_table import DIABETES_MLP, TRAINING, three_digits


def three_figures(value: float) -> str:
    """A number as the page writes an error here: 3 significant figures, zeros kept (55.0, 1,230)."""
    exponent = math.floor(math.log10(abs(value))) if value else 0
    decimals = max(0, 2 - exponent)
    return f"{round(value, 2 - exponent):,.{decimals}f}"


def test_the_test_line_says_the_validation_errors_beside_the_test_ones(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server_url)
    training = {**TRAINING, "epochs": 5, "batch_size": 32, "test_fraction": 0.2}
    run_id = train_through_page(page, DIABETES_MLP, training)
    page.goto(f"{server_url}/runs/{run_id}")
    test = api_of(page).get(f"/api/runs/{run_id}").json()["metrics"]["test"]
    validation = api_of(page).get(f"/api/runs/{run_id}/results").json()["regression"]
    size = test["size"]
    assert size > 0 and test["mae"] is not None and validation["mae"] is not None
    said = (
        f"Test mean absolute error {three_figures(test['mae'])} (RMSE {three_figures(test['rmse'])}) "
        f"on {size} held-out samples, never seen in training or model selection; validation "
        f"{three_figures(validation['mae'])} (RMSE {three_figures(validation['rmse'])})."
    )
    line = page.get_by_test_id("test-result")
    expect(line).to_have_text(said)
    # The results lower down say the same validation error ("Off by 44.1 on average").
    expect(page.get_by_test_id("regression-errors")).to_contain_text(
        f"Off by {three_digits(validation['mae'])} on average"
    )
    line.scroll_into_view_if_needed()
    screenshot("test-errors-beside-desktop")

    page.set_viewport_size(PHONE)
    line.scroll_into_view_if_needed()
    box = line.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot("test-errors-beside-phone")
