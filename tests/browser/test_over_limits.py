"""A model trained under higher limits than the server's (export/model_limits.py): its page says
why it will not run here and which setting would allow it, in place of Try it and of the exports'
links, and its weights and design still download."""

import json
from collections.abc import Callable
from pathlib import Path

import torch
from playwright.sync_api import Page, expect
from safetensors.torch import save_file

from tests.browser.accessibility import serious_violations
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run

# One 512x512 picture through a 7x7 convolution to 64 channels: about 2.5 G multiply-accumulates,
# over the server's default limit of 2 G.
DESIGN = {
    "version": 1,
    "name": "too-big-here",
    "input_shape": [3, 512, 512],
    "layers": [
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 64, "kernel_size": 7}},
        {"id": "pool", "type": "AdaptiveAvgPool2d", "params": {"output_size": 1}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def test_a_model_over_the_limits_shows_what_will_not_run_and_keeps_its_downloads(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    owner = owner_of(page, server_url)
    run_id = write_run(server_data, owner, DESIGN, DIGITS_SETTINGS, finished_events(1))
    weights = {"conv1.weight": torch.zeros(64, 3, 7, 7), "fc.weight": torch.zeros(10, 64)}
    folder = server_data / "runs" / run_id
    folder.mkdir(parents=True)
    save_file(weights, str(folder / "weights.safetensors"))
    (folder / "design.json").write_text(json.dumps(DESIGN))
    page.goto(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("try-it-over-limits")).to_contain_text(
        "This server will not run the model: one sample takes"
    )
    expect(page.get_by_test_id("try-it-over-limits")).to_contain_text("TORCHCANVAS_MAX_MACS")
    expect(page.get_by_role("region", name="Try it").locator("input, button")).to_have_count(0)
    # Nor is it offered to classify many samples (each would answer 422).
    expect(page.get_by_role("region", name="Classify many")).to_have_count(0)
    expect(page.get_by_test_id("files-over-limits")).to_contain_text("will not do (see Try it)")
    for name in ("bundle.zip", "model.pt", "model.pt2", "model.onnx"):
        unavailable = page.get_by_test_id(f"file-{name}")
        expect(unavailable).to_have_attribute("aria-disabled", "true")
        expect(unavailable).to_contain_text("not made on this server")
        assert unavailable.evaluate("(e) => e.tagName") == "SPAN"  # no link to a raw 422
    for name in ("weights.safetensors", "design.json"):
        with page.expect_download() as download:
            page.get_by_test_id(f"file-{name}").click()
        assert Path(download.value.path()).stat().st_size > 0
    assert serious_violations(page) == []
    screenshot("model-over-limits")
