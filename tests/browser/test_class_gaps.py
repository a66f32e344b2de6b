"""A class the test set took every training sample of, and classes with no test sample, are said
on the run page as it starts, among its warnings."""

from collections.abc import Callable

import numpy as np
from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, train_through_page


def test_the_run_page_says_which_classes_the_test_set_left_out(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    labels = [0] * 12 + [1] * 12 + [2] * 4 + [3] * 2  # class 3: one row left to split
    rng = np.random.default_rng(4)
    rows = "\n".join(
        f"{u:.4f},{v:.4f},{k}" for (u, v), k in zip(rng.normal(size=(30, 2)), labels, strict=True)
    )
    file = {"name": "tiny.csv", "mimeType": "text/csv", "buffer": f"u,v,label\n{rows}\n".encode()}
    upload = api_of(page).post("/api/datasets", multipart={"file": file, "task": "classification"})
    assert upload.status == 201, upload.text()
    design = {
        "version": 1,
        "name": "tiny",
        "input_shape": [2],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 4}}],
    }
    training = {"dataset": upload.json()["id"], "loss": "CrossEntropyLoss", "optimizer": "Adam"}
    training |= {"lr": 0.05, "epochs": 2, "batch_size": 8, "test_fraction": 0.2}
    run_id = train_through_page(page, design, training)
    page.goto(f"{server_url}/runs/{run_id}")
    warnings = page.get_by_test_id("run-warnings")
    untrained = warnings.locator("li[data-kind='untrained_class']")
    expect(untrained).to_contain_text("at the start")
    expect(untrained).to_contain_text("no training sample once the test set is kept apart")
    expect(warnings.locator("li[data-kind='untested_class']")).to_contain_text(
        "no sample in the test set, so its accuracy says nothing of"
    )
    warnings.scroll_into_view_if_needed()
    screenshot("class-gaps-run-page")
