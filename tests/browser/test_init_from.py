"""Open a trained model in the editor with "Start from these weights", train, and see where it started."""

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_MLP_TEMPLATE
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, open_template, set_param, train_through_page
from tests.browser.test_share import train


def wait_until_ended(page: Page, run_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while (run := api_of(page).get(f"/api/runs/{run_id}").json())["status"] != "succeeded":
        assert time.monotonic() < deadline, f"run {run_id} did not succeed in time: {run}"
        time.sleep(0.2)
    return run  # type: ignore[no-any-return]


def test_open_in_editor_and_start_from_the_weights(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    parent = train(page)
    page.goto(f"{server_url}/models/{parent}")
    box = page.get_by_test_id("start-from-weights")
    expect(box).not_to_be_checked()  # fresh weights unless the person asks
    box.check()
    screenshot("model-page-start-from-weights")
    page.get_by_test_id("open-in-editor").click()

    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()
    expect(page.get_by_test_id("init-from-note")).to_contain_text(
        f"Starts from run shared-cnn {parent}: conv1, fc copied."
    )
    expect(page.get_by_test_id("shape-fc")).to_have_text("(10)")
    # The run's own settings come along: the batch size it trained with, not the editor's default.
    expect(page.get_by_test_id("epochs-input")).to_have_value("4")
    expect(page.get_by_test_id("batch-size-input")).to_have_value("32")
    page.get_by_test_id("epochs-input").fill("1")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-init-from")).to_have_text(
        f"Started from the trained weights of run {parent}: conv1, fc copied."
    )
    child = page.get_by_test_id("run-id").inner_text()
    assert child != parent
    run = wait_until_ended(page, child)
    assert run["training"]["init_from"] == parent  # type: ignore[index]
    assert run["training"]["batch_size"] == 32  # type: ignore[index]
    screenshot("dashboard-started-from")

    page.goto(f"{server_url}/models/{child}")
    settings = page.get_by_test_id("training-settings")
    expect(settings.get_by_text(f"the weights of run {parent}")).to_be_visible()


MLP_TRAINING = {
    "dataset": "digits",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "epochs": 1,
    "batch_size": 64,
}


def test_fine_tune_a_run_with_a_new_layer_and_a_frozen_one(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    parent = train_through_page(page, DIGITS_MLP_TEMPLATE, MLP_TRAINING)
    open_editor(page, server_url)  # again, so the Start from list holds the new run
    open_template(page, "mlp")
    set_param(page, "fc2", "out_features", "32")
    page.get_by_test_id("fine-tune-summary").click()  # folded away until wanted
    accuracy = api_of(page).get(f"/api/runs/{parent}").json()["metrics"]["val_accuracy"]
    choice = page.get_by_test_id("start-from-select").locator(f'option[value="{parent}"]')
    # As the Runs page names it, with its dataset: runs of every dataset are listed.
    expect(choice).to_have_text(
        f"mlp ({parent[:6]}) · {accuracy * 100:.1f}% on Handwritten digits (8×8)"
    )
    page.get_by_test_id("start-from-select").select_option(parent)
    expect(page.get_by_test_id("init-from-match")).to_have_text(
        "fc1 copied; fc2 fresh (shape differs: weight (64, 64) → (32, 64), bias (64) → (32)); "
        "out partly fresh (bias copied, shape differs: weight (10, 64) → (10, 32))."
    )
    page.get_by_test_id("freeze-fc1").check()
    expect(page.get_by_test_id("estimate-trainable")).to_contain_text("2,410 / 4,160")
    expect(page.get_by_test_id("parameters-trainable")).to_contain_text("2,410")
    # Freezing a layer the run does not give would keep its random start: said before Train.
    warning = page.get_by_test_id("freeze-fresh")
    expect(warning).to_have_count(0)  # fc1 is copied
    page.get_by_test_id("freeze-fc2").check()
    expect(warning).to_have_text(
        f"fc2 is frozen but run {parent} does not give all its tensors (fc2: weight (64, 64) → "
        "(32, 64), bias (64) → (32)), so those would keep their random start: untick it, or give "
        "it the id and sizes it has in that run."
    )
    # Every layer frozen: nothing would train, and Train waits, saying why (it sent the run, and
    # showed the server's 422).
    page.get_by_test_id("freeze-out").check()
    all_frozen = "Every layer is frozen, so nothing would train: leave at least one unticked."
    expect(page.get_by_test_id("freeze-everything")).to_have_text(all_frozen)
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_have_text(all_frozen)
    page.get_by_test_id("freeze-out").uncheck()
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    page.get_by_test_id("freeze-fc2").uncheck()
    expect(warning).to_have_count(0)
    page.get_by_test_id("epochs-input").fill("1")
    page.get_by_test_id("fine-tune").scroll_into_view_if_needed()
    screenshot("editor-fine-tune")

    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-init-from")).to_contain_text(
        f"run {parent}: fc1 copied; fc2 fresh"
    )
    expect(page.get_by_test_id("run-frozen")).to_contain_text("Frozen: fc1")
    screenshot("dashboard-fine-tuned")
    child = page.get_by_test_id("run-id").inner_text()
    run = wait_until_ended(page, child)
    assert run["training"]["frozen"] == ["fc1"]  # type: ignore[index]
    assert run["training"]["init_from"] == parent  # type: ignore[index]
    page.goto(f"{server_url}/runs")  # the list tells the fine-tuned run from its parent
    expect(page.get_by_test_id(f"run-origin-{child}")).to_have_text(
        f"started from {parent[:6]}, fc1 frozen"
    )
    expect(page.get_by_test_id(f"run-link-{child}")).to_have_text("mlp (fine-tuned)")
    expect(page.get_by_test_id(f"run-link-{parent}")).to_have_text("mlp")
    expect(page.get_by_test_id(f"run-origin-{parent}")).to_have_count(0)
    page.goto(f"{server_url}/models/{child}")  # the model says what did not train
    expect(page.get_by_test_id("model-name")).to_have_text("mlp (fine-tuned)")  # as listed
    frozen = page.get_by_test_id("training-settings").locator(
        "div", has=page.locator("dt", has_text="Frozen")
    )
    expect(frozen.locator("dd")).to_have_text("fc1")

    # Kept with the design in this browser, as the other settings are.
    open_editor(page, server_url)
    expect(page.get_by_test_id("fine-tune-summary")).to_have_text(
        "Fine-tune (from a run, 1 frozen)"
    )
    expect(page.get_by_test_id("freeze-fc1")).to_be_checked()
    expect(page.get_by_test_id("start-from-select")).to_have_value(parent)
