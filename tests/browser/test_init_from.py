"""Open a trained model in the editor with "Start from these weights", train, and see where it started."""

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.test_share import train


def wait_until_ended(page: Page, run_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while (run := page.request.get(f"/api/runs/{run_id}").json())["status"] != "succeeded":
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
    expect(page.get_by_test_id("init-from-note")).to_contain_text(f"run {parent}")
    expect(page.get_by_test_id("shape-fc")).to_have_text("(10)")
    # The run's own settings come along: the batch size it trained with, not the editor's default.
    expect(page.get_by_test_id("epochs-input")).to_have_value("4")
    expect(page.get_by_test_id("batch-size-input")).to_have_value("32")
    page.get_by_test_id("epochs-input").fill("1")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-init-from")).to_have_text(
        f"Started from the trained weights of run {parent}."
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
