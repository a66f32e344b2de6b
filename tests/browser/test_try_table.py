"""Try a model on a table: its feature names, a typical sample to start from, a field left empty
refused, and a regression's prediction in its target's own units."""

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from torchcanvas.training.data import find_dataset

DIABETES_MLP = {
    "version": 1,
    "name": "diabetes-mlp",
    "input_shape": [10],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 1}},
    ],
}


def three_digits(value: float) -> str:
    """A number as the page writes an error: 3 significant digits, no trailing zeros."""
    return f"{float(f'{value:.3g}'):g}"


TRAINING = {"dataset": "diabetes", "loss": "MSELoss", "optimizer": "Adam", "lr": 0.01}


def test_try_a_regression_on_a_table(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    reply = api_of(page).post(
        "/api/runs",
        data={"design": DIABETES_MLP, "training": {**TRAINING, "epochs": 5, "batch_size": 32}},
    )
    assert reply.status == 201, reply.text()
    run_id = reply.json()["id"]
    deadline = time.monotonic() + 120
    while api_of(page).get(f"/api/runs/{run_id}").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the run did not succeed in time"
        time.sleep(0.2)
    scaling = find_dataset("diabetes").standardisation
    assert scaling is not None

    page.goto(f"{server_url}/models/{run_id}")
    try_it = page.get_by_test_id("try-it")
    for i, name in enumerate(scaling.features):
        expect(try_it.get_by_text(name, exact=True)).to_be_visible()
        start = float(page.get_by_test_id(f"feature-{i}").input_value())
        assert abs(start - scaling.mean[i]) <= scaling.std[i] / 100  # its mean, rounded
    # A field left empty is not a 0: Predict waits for it, and says which.
    page.get_by_test_id("feature-2").fill("")
    expect(page.get_by_test_id("predict-button")).to_be_disabled()
    expect(page.get_by_test_id("feature-missing")).to_have_text(
        f"Give a number for {scaling.features[2]}."
    )
    page.get_by_test_id("feature-2").fill("0.05")
    page.get_by_test_id("predict-button").click()
    shown = page.get_by_test_id("predicted-value")
    expect(shown).to_contain_text("Predicted value:")
    values = [page.get_by_test_id(f"feature-{i}").input_value() for i in range(10)]
    api = (
        api_of(page)
        .post(f"/api/runs/{run_id}/predict", data={"input": [float(v) for v in values]})
        .json()
    )
    (value,) = api["values"]
    assert 25 < value < 350  # diabetes's target, not its standardised value around 0
    expect(shown.locator("strong")).to_have_text(str(float(f"{value:.5g}")).removesuffix(".0"))
    screenshot("model-page-try-table")

    # The run's page says how far off it is in the target's own units: its loss is on the target
    # divided by its spread (diabetes's, about 77), and read as 0.5 where the error is about 55.
    page.goto(f"{server_url}/runs/{run_id}")
    results = api_of(page).get(f"/api/runs/{run_id}/results").json()["regression"]
    said = page.get_by_test_id("regression-errors")
    mae, rmse, spread = (
        three_digits(v) for v in (results["mae"], results["rmse"], scaling.target_std)
    )
    expect(said).to_have_text(
        f"Off by {mae} on average (root mean square {rmse}), in the target's own units. The loss "
        f"is measured on the target divided by {spread}, its spread, so it reads smaller."
    )
    assert 20 < results["mae"] < 150
    # Both axes of the scatter carry the same round ticks, over the targets' range: it had the
    # x axis's two ends only, and no scale for the predictions.
    ticks = page.get_by_test_id("regression-tick")
    expect(ticks.first).to_be_visible()
    labels = ticks.evaluate_all(
        "(ts) => ts.map((t) => [...t.querySelectorAll('text')].map((x) => x.textContent))"
    )
    assert len(labels) >= 3 and all(y == x for y, x in labels), labels
    values = [float(y.removesuffix("k")) * (1000 if y.endswith("k") else 1) for y, _ in labels]
    everything = results["true"] + results["predicted"]
    assert min(everything) <= values[0] < values[-1] <= max(everything), (values, labels)
    screenshot("run-page-regression-errors")
