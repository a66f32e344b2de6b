"""A run whose loss blew up (SGD at lr 10 on the spirals): its numbers stay readable, its empty
gradient charts say why, and its main action leads to the editor, since going on would fail again."""

import math
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import owner_of, write_run
from torchcanvas.training.events import (
    EndEvent,
    Metrics,
    ProgressEvent,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.settings import TrainingSettings

DESIGN = {
    "version": 1,
    "name": "mlp",
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "relu1", "type": "ReLU"},
        {"id": "out", "type": "Linear", "params": {"out_features": 2}},
    ],
}
LAYERS = ["fc1", "out"]
# Each step's loss as the lr-10 run logged it: small, then huge, then not a number.
LOSSES = [0.7, 3.1, 2e3, 4e9, 8e17, 1e20, 1.8e26, 3.88e25, math.nan]
MESSAGE = "The loss became nan at step 9: lower the learning rate, or add normalisation."
TICK = re.compile(r"−?-?\d+(\.\d+)?(e[+-]\d+|[kMGT])?")


def _events() -> list[TrainingEvent]:
    steps = len(LOSSES)
    return [
        StartedEvent(device="cpu", epochs=5, steps_per_epoch=30, total_steps=150, layers=LAYERS),
        ProgressEvent(
            epoch=1,
            step=steps,
            loss=None,
            losses=[None if math.isnan(loss) else loss for loss in LOSSES],
            grad_norms=dict.fromkeys(LAYERS),  # not finite: sent as null
            elapsed=0.1,
            eta=1.0,
            samples_per_second=1000.0,
            lr=10.0,
        ),
        EndEvent(
            status="failed", message=MESSAGE, metrics=Metrics(epoch=0, step=steps), diverged=True
        ),
    ]


def _diverged_run(page: Page, server_url: str, server_data: Path) -> str:
    training = TrainingSettings(
        dataset="spiral", loss="CrossEntropyLoss", optimizer="SGD", lr=10, epochs=5, batch_size=16
    )
    return write_run(server_data, owner_of(page, server_url), DESIGN, training, _events())


# The room left of the plot (uPlot's `.u-over` starts where the plot does) against what the axis
# needs: the rotated label's band (uPlot's labelSize, 30), the ticks and gap (15), the widest label.
_AXIS_ROOM = """(figure) => {
  const context = document.createElement("canvas").getContext("2d");
  context.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
  const ticks = figure.dataset.yTicks.split(" ").filter(Boolean);
  const widest = Math.max(...ticks.map((t) => context.measureText(t).width));
  return { plotLeft: parseFloat(figure.querySelector(".u-over").style.left), needed: 30 + 15 + widest };
}"""


def test_a_diverged_run_reads_clearly_and_leads_back_to_the_editor(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    run_id = _diverged_run(page, server_url, server_data)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("failed")
    expect(page.get_by_test_id("run-message")).to_have_text(MESSAGE)

    # The loss axis: compact numbers, and room for the widest beside the axis label.
    loss = page.get_by_test_id("loss-chart")
    expect(loss).to_have_attribute("data-y-ticks", re.compile(r"1.5e\+26"))
    ticks = (loss.get_attribute("data-y-ticks") or "").split()
    assert ticks and all(TICK.fullmatch(tick) for tick in ticks), ticks
    room = loss.evaluate(_AXIS_ROOM)
    assert room["plotLeft"] >= room["needed"], (ticks, room)
    legend = loss.locator(".u-legend").inner_text()
    assert "3.88e+25" in legend and "k" not in legend.replace("smoothed", ""), legend
    # The last step's NaN is not drawn, and the chart says so rather than end the line silently.
    expect(page.get_by_test_id("loss-not-finite")).to_have_text(
        "Step 9's loss was not a number (inf or NaN): the chart leaves it out."
    )
    loss.scroll_into_view_if_needed()
    screenshot("diverged-run")

    # No finite gradient norm: both gradient charts say so rather than stay blank.
    for note in ("grad-chart-note", "grad-heatmap-note"):
        expect(page.get_by_test_id(note)).to_contain_text("not finite")
    expect(page.get_by_test_id("grad-chart").locator("canvas")).to_be_hidden()  # no empty axes

    # Continuing would diverge again at once: the main action is the editor.
    expect(page.get_by_test_id("continue-button")).to_have_count(0)
    expect(page.get_by_test_id("more-epochs-button")).to_have_count(0)
    go = page.get_by_test_id("diverged-open-in-editor")
    expect(go).to_have_class(re.compile(r"\bprimary\b"))
    go.click()
    expect(page).to_have_url(re.compile(r"/#"))
    expect(page.get_by_test_id("lr-input")).to_have_value("10")


def test_a_failed_runs_model_page_asks_for_no_results(
    page: Page, server_url: str, server_data: Path
) -> None:
    """A run without weights has no results: its model page asked, and logged the 404."""
    run_id = _diverged_run(page, server_url, server_data)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("files-none")).to_be_visible()
    page.wait_for_load_state("networkidle")  # a request still on its way is counted too
    assert not [url for url in asked if url.endswith("/results")], asked


def test_going_on_from_a_run_whose_loss_shot_up_starts_at_a_tenth_of_its_rate(
    page: Page, server_url: str, server_data: Path
) -> None:
    """It ended, its loss in the billions: Train N more offered its lr 10 again, beside a verdict
    that said to lower it (an audit). The field starts at a tenth, and says why; ÷ 10 goes on."""
    shot = [0.7, 3.1, 2e3, 4e9, 8e17, 1e20, 3e19, 5e18, 2e18]  # finite: it ran to its end
    events: list[TrainingEvent] = [
        StartedEvent(device="cpu", epochs=1, steps_per_epoch=9, total_steps=9, layers=LAYERS),
        ProgressEvent(
            epoch=1,
            step=len(shot),
            loss=shot[-1],
            losses=shot,
            grad_norms=dict.fromkeys(LAYERS),
            elapsed=0.1,
            eta=0.0,
            samples_per_second=1000.0,
            lr=10.0,
        ),
        EndEvent(
            status="succeeded",
            message="",
            metrics=Metrics(epoch=1, step=len(shot), val_loss=1.05, val_accuracy=0.5),
        ),
    ]
    training = TrainingSettings(
        dataset="spiral", loss="CrossEntropyLoss", optimizer="SGD", lr=10, epochs=1, batch_size=16
    )
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, training, events)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")
    expect(page.get_by_test_id("continue-rate-input")).to_have_value("1")
    expect(page.get_by_test_id("continue-rate-hint")).to_have_text(
        "A tenth of its 10, at which its loss shot up."
    )
    page.get_by_test_id("continue-rate-lower").click()  # lower still: the usual hint again
    expect(page.get_by_test_id("continue-rate-input")).to_have_value("0.1")
    expect(page.get_by_test_id("continue-rate-hint")).to_contain_text("Lower it 10×")
