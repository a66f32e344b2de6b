"""A screen reader's charts: each chart's canvas is an image named by a sentence of what it draws
(each line from its first point to its last, a loss's lowest, an accuracy's highest), the gradient
heatmap named by its title alone and summed up by its layers' largest and smallest norm at the last
step; while a run trains, that sentence changes at most about once a second."""

import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.written_run import DIGITS_MLP, DIGITS_SETTINGS, owner_of, write_run
from torchcanvas.training.events import (
    EndEvent,
    EpochEvent,
    Metrics,
    ProgressEvent,
    StartedEvent,
    TrainingEvent,
)

TWO_LAYERS: dict[str, Any] = {
    "version": 1,
    "name": "two-layers",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "relu", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
    ],
}
STEP_LOSSES = [[2.3, 1.5, 1.0, 0.8], [0.6, 0.5, 0.4, 0.35], [0.2, 0.07, 0.09, 0.08]]
VAL_LOSS, VAL_ACCURACY = [1.0, 0.5, 0.6], [0.7, 0.9, 0.85]
NORMS = [{"fc1": 0.5, "fc2": 1.0}, {"fc1": 0.1, "fc2": 1.5}, {"fc1": 0.01, "fc2": 2.0}]


def three_epochs() -> list[TrainingEvent]:
    events: list[TrainingEvent] = [
        StartedEvent(
            device="cpu", epochs=3, steps_per_epoch=4, total_steps=12, layers=["fc1", "fc2"]
        )
    ]
    for epoch in range(1, 4):
        losses = STEP_LOSSES[epoch - 1]
        events.append(
            ProgressEvent(
                epoch=epoch,
                step=4 * epoch,
                loss=losses[-1],
                losses=losses,
                grad_norms=NORMS[epoch - 1],
                elapsed=epoch,
                eta=1.0,
                samples_per_second=100.0,
                lr=1e-3,
            )
        )
        events.append(
            EpochEvent(
                epoch=epoch,
                step=4 * epoch,
                train_loss=sum(losses) / 4,
                val_loss=VAL_LOSS[epoch - 1],
                val_accuracy=VAL_ACCURACY[epoch - 1],
                elapsed=epoch,
            )
        )
    metrics = Metrics(epoch=3, step=12, train_loss=0.08, val_loss=0.6, val_accuracy=0.85)
    return [*events, EndEvent(status="succeeded", metrics=metrics)]


def test_each_chart_says_what_it_draws(page: Page, server_url: str, server_data: Path) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, TWO_LAYERS, DIGITS_SETTINGS, three_epochs())
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")

    loss = page.get_by_test_id("loss-chart").get_by_role("img")
    expect(loss).to_have_accessible_name(
        re.compile(
            r"^train loss from 2\.3 at step 1 to 0\.08 at step 12, lowest 0\.07 at step 10; smoothed"
        )
    )
    epochs = page.get_by_role("figure", name="Loss and accuracy per epoch", exact=True).get_by_role(
        "img"
    )
    expect(epochs).to_have_accessible_name(
        re.compile(
            r"val loss from 1 at epoch 1 to 0\.6 at epoch 3, lowest 0\.5 at epoch 2; "
            r"val accuracy % from 70 at epoch 1 to 85 at epoch 3, highest 90 at epoch 2\.$"
        )
    )
    grads = page.get_by_test_id("grad-chart").get_by_role("img")
    expect(grads).to_have_accessible_name(
        re.compile(
            r"^fc1 from \S+ at step 4 to \S+ at step 12; fc2 from \S+ at step 4 to \S+ at step 12\.$"
        )
    )
    # The heatmap is named by its title, not by its "What does this show?" too.
    heatmap = page.get_by_role("figure", name="Gradient norm heatmap (layers × time)", exact=True)
    expect(heatmap.get_by_role("img")).to_have_accessible_name(
        "Gradient norms of 2 layers from step 4 to step 12; at step 12, the largest is fc2's (2), "
        "the smallest fc1's (0.01)."
    )
    # The summary follows the data drawn: by epoch, the loss's x is the epoch.
    page.get_by_test_id("loss-x-axis").select_option("epoch")
    expect(loss).to_have_accessible_name(
        re.compile(r"^train loss from 2\.3 at epoch 0\.25 to 0\.08 at epoch 3,")
    )


LONG = {**DIGITS_SETTINGS.model_dump(exclude_none=True), "epochs": 500, "batch_size": 4}

COUNT_CHANGES = """([summary, chart]) => {
    window.__changes = {summary: 0, drawn: 0};
    new MutationObserver(() => window.__changes.summary++).observe(
        document.querySelector(summary), {childList: true, characterData: true, subtree: true});
    new MutationObserver(() => window.__changes.drawn++).observe(
        document.querySelector(chart), {attributes: true, attributeFilter: ['data-points']});
}"""


def test_a_training_chart_summary_changes_at_most_once_a_second(
    page: Page, server_url: str
) -> None:
    page.goto(server_url)
    reply = api_of(page).post("/api/runs", data={"design": DIGITS_MLP, "training": LONG})
    assert reply.status == 201, reply.text()
    run_id = reply.json()["id"]
    page.goto(f"{server_url}/runs/{run_id}")
    chart = page.get_by_test_id("loss-chart")
    expect(chart).not_to_have_attribute("data-points", "0", timeout=60_000)
    page.evaluate(
        COUNT_CHANGES, ['[data-testid="loss-chart-summary"]', '[data-testid="loss-chart"]']
    )
    start = time.monotonic()
    page.wait_for_timeout(5000)
    changes = page.evaluate("window.__changes")
    seconds = time.monotonic() - start
    # The chart drew many frames; its sentence changed about once a second, and did change.
    assert changes["drawn"] > changes["summary"], changes
    assert 2 <= changes["summary"] <= seconds + 1, (changes, seconds)
    assert api_of(page).post(f"/api/runs/{run_id}/cancel").ok
