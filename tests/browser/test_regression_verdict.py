"""A regression that learns nothing is weighed against always answering the average: a target
independent of its features (300 rows of noise) was told "Overfitting from epoch 1 … add Dropout",
where no network does better than the average and the features are what to look at."""

import io
import math
import re
from collections.abc import Callable

import numpy as np
from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, train_through_page

MLP = {
    "version": 1,
    "name": "noise-mlp",
    "input_shape": [3],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 128}},
        {"id": "act1", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 128}},
        {"id": "act2", "type": "ReLU"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 1}},
    ],
}


def _noise_csv(rows: int = 300, seed: int = 0) -> bytes:
    """Three random features and a random target y, drawn apart: nothing to learn."""
    rng = np.random.default_rng(seed)
    lines = ["a,b,c,y"]
    for a, b, c, y in rng.normal(0, 1, (rows, 4)):
        lines.append(f"{a:.4f},{b:.4f},{c:.4f},{y * 10 + 50:.4f}")
    return ("\n".join(lines) + "\n").encode()


def three_digits(value: float) -> str:
    """A number as the page writes an error: 3 significant digits, no trailing zeros."""
    return f"{float(f'{value:.3g}'):g}"


def test_a_regression_on_noise_is_no_better_than_the_average(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "noise.csv", "mimeType": "text/csv", "buffer": _noise_csv()}
    )
    page.get_by_test_id("upload-target").select_option("y")
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("shape-input")).to_have_text("(3)")
    dataset = page.get_by_test_id("dataset-select").input_value()
    # Enough epochs of a wide layer at a brisk rate to learn the 240 training rows by heart.
    training = {
        "dataset": dataset,
        "loss": "MSELoss",
        "optimizer": "Adam",
        "lr": 0.01,
        "epochs": 40,
        "batch_size": 16,
    }
    run_id = train_through_page(page, MLP, training)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")

    results = page.request.get(f"{server_url}/api/runs/{run_id}/results").json()["regression"]
    targets = results["true"]
    assert len(targets) == 60  # every validation row: a fifth of 300
    average = sum(targets) / len(targets)
    spread = math.sqrt(sum((t - average) ** 2 for t in targets) / len(targets))
    assert results["rmse"] >= 0.975 * spread, (results["rmse"], spread)
    verdict = page.get_by_test_id("run-verdict")
    expect(verdict).to_have_attribute("data-kind", "chance")
    expect(verdict).to_contain_text(
        f"No better than always answering the average: off by {three_digits(results['rmse'])} "
        f"(root mean square) on the validation set, where always answering its average, "
        f"{three_digits(average)}, is off by {three_digits(spread)}. "
    )
    expect(verdict).to_contain_text(
        "These features may not predict the target: check that it is the one you meant (a CSV's column), "
        "and that the features carry what it depends on."
    )
    expect(verdict).not_to_contain_text(re.compile("Overfitting|add Dropout"))
    # The errors it is weighed by are the results' own, in the target's units.
    expect(page.get_by_test_id("regression-errors")).to_contain_text(
        f"(root mean square {three_digits(results['rmse'])})"
    )
    verdict.scroll_into_view_if_needed()
    screenshot("run-verdict-average")

    # Try it names the value by the CSV's target column, to five significant digits.
    page.goto(f"{server_url}/models/{run_id}")
    page.get_by_test_id("predict-button").click()
    values = [float(page.get_by_test_id(f"feature-{i}").input_value()) for i in range(3)]
    (value,) = (
        api_of(page).post(f"/api/runs/{run_id}/predict", data={"input": values}).json()["values"]
    )
    assert 10 < value < 100  # around the targets' 50: no thousands to group
    expect(page.get_by_test_id("predicted-value")).to_have_text(
        f"Predicted y: {float(f'{value:.5g}'):g}"
    )


def test_a_regression_of_several_outputs_is_weighed_against_each_ones_average(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """Three targets of noise on scales 1, 100 and 1000: its error is over all three, so it is
    weighed against answering each one's own average, over all three (it was not weighed)."""
    open_editor(page, server_url)
    rng = np.random.default_rng(1)
    buffer = io.BytesIO()
    x = rng.normal(size=(300, 3)).astype(np.float32)
    y = (rng.normal(size=(300, 3)) * [1, 100, 1000] + [5, 500, -50]).astype(np.float32)
    np.savez(buffer, x=x, y=y)
    file = {
        "name": "three.npz",
        "mimeType": "application/octet-stream",
        "buffer": buffer.getvalue(),
    }
    upload = api_of(page).post("/api/datasets", multipart={"file": file, "task": "regression"})
    assert upload.status == 201, upload.text()
    design = {
        **MLP,
        "layers": [*MLP["layers"][:-1], {**MLP["layers"][-1], "params": {"out_features": 3}}],
    }
    training = {"dataset": upload.json()["id"], "loss": "MSELoss", "optimizer": "Adam"}
    training |= {"lr": 0.01, "epochs": 30, "batch_size": 16}
    run_id = train_through_page(page, design, training)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")

    results = api_of(page).get(f"/api/runs/{run_id}/results").json()["regression"]
    rmse, spread = results["rmse"], results["average_rmse"]
    assert rmse >= 0.975 * spread, (rmse, spread)  # noise: no network does better
    verdict = page.get_by_test_id("run-verdict")
    expect(verdict).to_have_attribute("data-kind", "chance")
    expect(verdict).to_contain_text(
        f"No better than always answering each output's average: off by {three_digits(rmse)} "
        "(root mean square, over every output) on the validation set, where always answering "
        f"them is off by {three_digits(spread)}. "
    )
    verdict.scroll_into_view_if_needed()
    screenshot("run-verdict-average-outputs")
