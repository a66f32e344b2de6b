"""A model whose weights file was cut short on the server: its page says so where the downloads
are, and a click on the weights says why it is refused (it downloaded the cut file as whole)."""

import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.browser_steps import screenshot_page, train_through_page


def test_a_model_page_says_its_weights_are_damaged(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 1})
    os.truncate(server_data / "runs" / run_id / "weights.safetensors", 100)
    page.goto(f"{server_url}/models/{run_id}")
    said = f"Run {run_id}'s weights.safetensors is damaged: it cannot be read"
    damaged = page.get_by_test_id("weights-damaged")
    expect(damaged).to_contain_text(said)
    expect(damaged).to_contain_text("Train the design again")
    expect(damaged).to_have_attribute("role", "alert")
    page.get_by_test_id("file-weights.safetensors").click()
    problem = page.get_by_test_id("file-error-weights.safetensors")
    expect(problem).to_contain_text(f"Could not download Weights (safetensors): {said}")
    screenshot_page(page, screenshot, "model-weights-damaged")
