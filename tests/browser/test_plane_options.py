"""TensorFlow Playground's data controls in the editor: a 2-D set's noise and features change its
preview and the design's input; a run on them shows its boundary, and Try it takes a point."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, open_template


def test_spiral_with_squared_features_trains_and_maps_its_boundary(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("spiral")
    open_template(page, "mlp")
    controls = page.get_by_test_id("plane-options")
    expect(controls).to_be_visible()
    scatter = page.get_by_test_id("plane-scatter")
    expect(scatter).to_have_attribute("data-points", "600")
    # Its key names the classes by colour, as the boundary maps' keys do.
    expect(scatter.get_by_test_id("class-legend").locator("li")).to_have_text(["a", "b"])
    drawn = scatter.inner_html()
    # The spiral came with its own epochs and batch size, and says so: the editor's 10 epochs of
    # 64 are 80 steps on its 480 training points, which leave it at chance.
    note = page.get_by_test_id("steps-note")
    expect(note).to_have_text(
        "Epochs set to 50 and batch size to 32, a starting point for Two spirals: "
        "train on if its loss still falls."
    )
    expect(page.get_by_test_id("epochs-input")).to_have_value("50")
    expect(page.get_by_test_id("batch-size-input")).to_have_value("32")
    hint = page.get_by_test_id("steps-hint")
    expect(hint).to_have_count(0)
    screenshot("editor-steps-note")
    page.get_by_test_id("epochs-input").fill("10")
    page.get_by_test_id("batch-size-input").fill("64")
    expect(note).to_have_count(0)  # no longer what it set
    expect(hint).to_have_text(
        "This run takes 80 optimizer steps (10 epochs of 8 batches): too few for most networks "
        "to learn much. Raise the epochs to about 70, or lower the batch size."
    )
    # Steps enough for most sets, but under half of what the spiral learns with: it says so.
    page.get_by_test_id("epochs-input").fill("30")
    expect(hint).to_have_text(
        "This run takes 240 optimizer steps, where Two spirals learns with 50 epochs in batches "
        "of 32 (750 steps): set those to give it the time it needs."
    )
    page.get_by_test_id("epochs-input").fill("10")
    # Numbers the person chose stay on another set.
    page.get_by_test_id("dataset-select").select_option("moons")
    expect(page.get_by_test_id("epochs-input")).to_have_value("10")
    expect(note).to_have_count(0)
    page.get_by_test_id("dataset-select").select_option("spiral")
    page.get_by_test_id("epochs-input").fill("70")
    expect(hint).to_have_count(0)
    page.get_by_test_id("epochs-input").fill("10")

    page.get_by_test_id("noise").fill("40")
    expect(controls).to_contain_text("Noise: 40 %")
    page.get_by_test_id("train-share").fill("50")
    expect(controls).to_contain_text("Ratio of training data: 50 %")
    expect(scatter).to_contain_text("300 training points")  # the preview follows the options
    assert scatter.inner_html() != drawn  # noisier points
    # The outermost points keep clear of the frame, at least 10 of its 200 units inside it.
    inside = """s => [...s.querySelectorAll('circle')].every(c => [c.cx, c.cy].every(
        v => v.baseVal.value >= 10 && v.baseVal.value <= 190))"""
    assert scatter.evaluate(inside)

    page.get_by_test_id("plane-feature-x1_squared").check()
    page.get_by_test_id("plane-feature-x2_squared").check()
    page.get_by_test_id("plane-feature-x1").uncheck()
    page.get_by_test_id("plane-feature-x2").uncheck()
    expect(page.get_by_test_id("preview-shapes")).to_contain_text("x (300, 2)")
    page.get_by_test_id("plane-feature-x1_x2").check()  # three inputs now: the design follows
    expect(page.get_by_test_id("preview-shapes")).to_contain_text("x (300, 3)")
    expect(page.get_by_test_id("shape-input")).to_have_text("(3)")
    page.get_by_test_id("plane-feature-x1_x2").uncheck()
    expect(page.get_by_test_id("shape-input")).to_have_text("(2)")
    # The last feature cannot go, and the page says so (it only refused, with a hover title).
    page.get_by_test_id("plane-feature-x2_squared").uncheck()
    expect(page.get_by_test_id("plane-feature-x1_squared")).to_be_disabled()
    expect(page.get_by_test_id("plane-features-one")).to_have_text(
        "One at least: the network needs an input. Tick another to drop this one."
    )
    screenshot("editor-plane-options-one-feature")
    page.get_by_test_id("plane-feature-x2_squared").check()
    expect(page.get_by_test_id("plane-features-one")).to_have_count(0)
    expect(page.get_by_test_id("shape-input")).to_have_text("(2)")
    expect(page.get_by_test_id("train-button")).to_be_enabled()  # the design checked on (2)
    screenshot("editor-plane-options")

    page.get_by_test_id("epochs-input").fill("4")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    run_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    expect(page.get_by_test_id("decision-boundary")).to_be_visible()
    # Which colour is which class: the map's first colour (#2563eb) is the first class's. (The
    # results' key: the replay of the maps as it trained has its own.)
    legend = page.get_by_test_id("run-results").get_by_test_id("class-legend").locator("li")
    expect(legend).to_have_text(["a", "b"])
    swatch = legend.first.locator(".class-swatch")
    expect(swatch).to_have_css("background-color", "rgb(37, 99, 235)")
    # A mistake's values are its features, each named: not bare numbers.
    mistake = page.get_by_test_id("misclassified").locator("code").first
    value = r"-?\d+(\.\d+)?"
    expect(mistake).to_have_text(re.compile(rf"^x₁²\s=\s{value}, x₂²\s=\s{value}$"))
    said = "Data: noise 40 %, 50 % to train, features x₁², x₂²"
    expect(page.get_by_test_id("run-data-options")).to_have_text(said)
    training = api_of(page).get(f"/api/runs/{run_id}").json()["training"]
    assert training["dataset_options"] == {
        "noise": 40.0,
        "train_share": 50,
        "features": ["x1_squared", "x2_squared"],
    }
    screenshot("run-page-plane-options")
    page.goto(f"{server_url}/runs")  # the list tells runs on the same set with other data apart
    expect(page.get_by_test_id(f"run-data-options-{run_id}")).to_have_text(
        said.removeprefix("Data: ")
    )

    # Try it: the learner types a point; the model gets x1², x2² of it.
    page.goto(f"{server_url}/models/{run_id}")
    data = page.get_by_test_id("training-settings").locator(
        "div", has=page.locator("dt", has_text=re.compile("^Data$"))
    )
    expect(data.locator("dd")).to_have_text("noise 40 %, 50 % to train, features x₁², x₂²")
    expect(page.get_by_test_id("plane-features-note")).to_contain_text("x₁², x₂²")
    # Neurons: the input's maps are named by the features the model takes, as Playground's are.
    neurons = page.get_by_test_id("neurons")
    # Large at first: the first layer that computes (fc1), not the Flatten that repeats the input.
    expect(neurons.get_by_test_id("neuron-chosen")).to_have_text("fc1 · unit 0")
    inputs = neurons.locator('[data-testid="neuron-tile"][data-layer="input"]')
    expect(inputs).to_have_text(["x₁²", "x₂²"])
    inputs.nth(1).hover()
    expect(neurons.get_by_test_id("neuron-chosen")).to_have_text("input · x₂²")
    # Try it takes the point, named as everywhere else; Classify many asks for the same columns.
    expect(page.get_by_test_id("try-it").locator(".feature-inputs label > span")).to_have_text(
        ["x₁", "x₂"]
    )
    expect(page.get_by_test_id("classify-many")).to_contain_text("A CSV with columns x1,x2")
    page.get_by_test_id("feature-0").fill("0.5")
    page.get_by_test_id("feature-1").fill("-2")
    page.get_by_test_id("predict-button").click()
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile("^[ab]$"))
    screenshot("model-page-plane-try")
