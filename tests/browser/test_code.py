"""The Code panel shows the design as PyTorch, and a finished run offers its training script."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import add_layer, open_editor, set_param


def assert_beside(panel: Locator, seen: Locator) -> None:
    """`seen` lies wholly left of `panel`, which leaves it uncovered."""
    panel_box, seen_box = panel.bounding_box(), seen.bounding_box()
    assert panel_box is not None and seen_box is not None
    assert seen_box["x"] + seen_box["width"] <= panel_box["x"], (seen_box, panel_box)


def test_code_panel_and_run_script(
    page: Page, server_url: str, tmp_path: Path, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("design-name").fill("digits-mlp")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "32")
    add_layer(page, "ReLU")
    expect(page.get_by_test_id("shape-relu1")).to_have_text("(32)")

    page.get_by_test_id("code-button").click()
    code = page.get_by_test_id("code-text")
    expect(code).to_contain_text("class Net(nn.Module):")
    expect(code).to_contain_text("self.fc1 = nn.Linear(64, 32)  # 2,080 parameters")
    expect(code).to_contain_text("x = self.fc1(x)  # (B, 64) -> (B, 32)")
    screenshot("code-panel")

    # The panel follows the design: a Linear before the Flatten has no code, and says why.
    # On a wide screen the panel floats over the training settings, not the layers: each layer
    # and its shape stay in sight, and the mouse reaches them with the panel open.
    assert_beside(page.get_by_test_id("code-panel"), page.get_by_test_id("shape-relu1"))
    page.get_by_test_id("open-flat1").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Move flat1 down").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("code-errors")).to_contain_text("add a Flatten before it")
    expect(page.get_by_test_id("code-errors").locator("code")).to_have_text("fc1")  # no backticks
    expect(page.get_by_test_id("code-text")).to_have_count(0)
    page.get_by_role("button", name="Move flat1 up").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Fold flat1 to one line").click()  # a new layer goes last
    add_layer(page, "Linear")
    expect(code).to_contain_text("x = self.fc2(x)  # (B, 32) -> (B, 10)")

    with page.expect_download() as panel_download:
        page.get_by_test_id("code-download").click()
    assert panel_download.value.suggested_filename == "digits-mlp.py"
    # The whole training script a run would give, before any run: the settings typed are in it.
    page.get_by_test_id("epochs-input").fill("7")
    page.get_by_test_id("code-kind-script").click()
    expect(page.get_by_test_id("code-kind-script")).to_have_attribute("aria-pressed", "true")
    expect(code).to_contain_text("a TorchCanvas design and its training settings")
    expect(code).to_contain_text("EPOCHS = 7")
    expect(code).to_contain_text("def load_data():")
    screenshot("code-panel-script")
    # Saved under the name its own lines say to run (it saved "network 1.py" and said to run
    # network-1.py).
    page.get_by_test_id("design-name").fill("my net 1")
    expect(code).to_contain_text("Run it with `python my-net-1.py`")
    with page.expect_download() as script_download:
        page.get_by_test_id("code-download").click()
    assert script_download.value.suggested_filename == "my-net-1.py"
    page.get_by_test_id("design-name").fill("digits-mlp")
    page.get_by_test_id("code-kind-network").click()
    expect(code).not_to_contain_text("def load_data():")
    page.get_by_role("button", name="Close the code").click()
    expect(page.get_by_test_id("code-panel")).to_have_count(0)
    # Escape closes it too, as it does a dialog, and the focus goes back to the Code button.
    page.get_by_test_id("code-button").click()
    expect(page.get_by_test_id("code-text")).to_be_visible()
    page.get_by_test_id("code-text").click()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("code-panel")).to_have_count(0)
    expect(page.get_by_test_id("code-button")).to_be_focused()
    # By keyboard: the panel lies on the page's body (over Train's bar on a phone), and the focus
    # goes into it as it opens, so Tab reaches its buttons first; its x gives the focus back.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("code-kind-network")).to_be_focused()
    page.get_by_role("button", name="Close the code").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("code-panel")).to_have_count(0)
    expect(page.get_by_test_id("code-button")).to_be_focused()

    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("batch-size-input").fill("64")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    with page.expect_download() as run_download:
        page.get_by_test_id("download-run-code").click()
    # The run's own, named apart from the design's (both were digits-mlp.py).
    run_id = page.url.rsplit("/", 1)[1]
    assert run_download.value.suggested_filename == f"digits-mlp-{run_id[:6]}.py"
    script = tmp_path / "digits-mlp.py"
    run_download.value.save_as(script)
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("train_loss") == 2
    screenshot("run-downloads-code")
