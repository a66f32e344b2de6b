"""Looking inside training: histograms, update ratios and plain-words warnings on the dashboard."""

import re
from collections.abc import Callable

from playwright.sync_api import FloatRect, Locator, Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, add_layer, open_editor, set_param
from tests.browser.chart_ticks import y_ticks


def test_a_too_high_learning_rate_kills_the_relu_and_the_dashboard_says_so(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    for layer in ("Flatten", "Linear", "ReLU", "Linear"):
        add_layer(page, layer)
    set_param(page, "fc1", "out_features", "32")
    page.get_by_test_id("optimizer-select").select_option("SGD")
    page.get_by_test_id("lr-input").fill("2")
    # Batches of 72: the last of an epoch holds 69 samples (1,437 = 19 × 72 + 69), enough for the
    # run's last look, at its last step, to judge dead units and vanished gradients. Looks between
    # come at most once a second: a fast run's few could all fall before fc1's gradients vanished,
    # and a last batch of 13 samples judged nothing.
    page.get_by_test_id("epochs-input").fill("12")
    page.get_by_test_id("batch-size-input").fill("72")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)

    warnings = page.get_by_test_id("run-warnings")
    expect(warnings).to_contain_text("ReLU relu1 is mostly dead")  # names set as code
    # Gone to 0, or a look that came as the last units died: nearly, beside fc2's.
    expect(warnings).to_contain_text(re.compile("Gradients in fc1 have (all but )?vanished"))
    expect(warnings.locator("code").first).to_be_visible()
    assert "`" not in warnings.inner_text()
    histograms = page.get_by_test_id("histograms")
    # A finished run's last look is at its last step (12 epochs of 20 batches), so the histograms
    # show the trained network, with no note that they came before.
    expect(histograms.get_by_test_id("histograms-step")).to_have_text(
        "Weights and gradients at step 240"
    )
    expect(histograms.get_by_test_id("histogram-fc1").locator("rect")).to_have_count(2 * 24)
    # Over the last batch (69 samples), with the batches before it when a paced look had begun.
    expect(histograms).to_contain_text(
        re.compile(r"100% of units gave 0 for all \d+ training samples looked at")
    )
    ratios = page.get_by_test_id("ratio-chart")
    expect(ratios.locator(".u-legend")).to_contain_text("fc2")
    # The healthy ratio is a dashed line, so the axis always reaches it (its ticks are powers of
    # ten, every second one where the ratios span many decades: 1e-10 … 0.01).
    expect(ratios.locator(".u-legend")).to_contain_text("healthy for SGD, about1e-3")
    ticks = [float(t) for t in y_ticks(page, "ratio-chart") if t]
    assert min(ticks) <= 1e-3 <= max(ticks), ticks
    # A short run is looked inside a few times: the chart says its lines are drawn, not measured
    # (two looks' straight line read as a steady fall).
    run_id = page.url.rsplit("/", 1)[1]
    events = api_of(page).get(f"/api/runs/{run_id}/events").json()
    looks = sum(1 for e in events if e["type"] == "insight")
    foot = page.get_by_test_id("ratio-chart-foot")
    if looks < 5:
        expect(foot).to_have_text(re.compile(f"^Looked inside ({looks} times|once): a look comes"))
    else:
        expect(foot).to_have_count(0)
    page.get_by_test_id("run-warnings").scroll_into_view_if_needed()
    screenshot("dashboard-insight")

    # On a phone, each histogram's range stays on one line, under the columns' labels (a range
    # beside its label wrapped on some rows only), and the heatmap's steps and colour scale stay
    # apart (they ran together: "step 280.0165").
    page.set_viewport_size(PHONE)
    expect(histograms.locator(".histogram-head")).to_have_text("weightsgradients")
    for caption in histograms.locator(".histogram figcaption").all():
        (box,) = _boxes(caption)
        assert box["height"] < 16, (caption.text_content(), box)  # one line of 10 px text
    histograms.scroll_into_view_if_needed()
    screenshot("dashboard-insight-phone")
    legend = _boxes(page.get_by_test_id("grad-heatmap").locator(".heatmap-legend > span"))
    for i, one in enumerate(legend):
        for other in legend[i + 1 :]:
            assert not _near(one, other), legend


def _boxes(found: Locator) -> list[FloatRect]:
    boxes = [one.bounding_box() for one in found.all()]
    assert boxes and all(boxes), boxes
    return [box for box in boxes if box]


def _near(a: FloatRect, b: FloatRect, gap: float = 6) -> bool:
    """Whether two boxes on one line are closer than `gap` px apart (or overlap)."""
    return (
        a["x"] < b["x"] + b["width"] + gap
        and b["x"] < a["x"] + a["width"] + gap
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )
