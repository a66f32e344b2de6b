"""Every page passes axe-core with no serious or critical violation: the editor (list and canvas),
a run's page, the runs page, a model page, a shared one and a revoked one, in the light theme and
in the dark one that a system set to dark gets (prefers-color-scheme, emulated)."""

import re
from collections.abc import Callable
from typing import Literal

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.browser_steps import add_layer, open_canvas, open_editor


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_serious_accessibility_violation(
    page: Page,
    browser: Browser,
    server_url: str,
    screenshot: Callable[[str], None],
    scheme: Literal["light", "dark"],
) -> None:
    found: dict[str, list[str]] = {}
    page.emulate_media(color_scheme=scheme)
    open_editor(page, server_url)
    expect(page.locator("html")).to_have_css(
        "background-color", "rgb(11, 17, 32)" if scheme == "dark" else "rgb(244, 246, 250)"
    )
    add_layer(page, "Conv2d")
    add_layer(page, "ReLU")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("2")
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(10)")
    page.get_by_test_id("dataset-upload").locator("summary").click()  # its file input had no name
    expect(page.get_by_test_id("upload-file")).to_be_visible()
    found["editor"] = serious_violations(page)
    screenshot(f"{scheme}-editor")
    open_canvas(page)
    found["editor canvas"] = serious_violations(page)
    screenshot(f"{scheme}-editor-canvas")

    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    run_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    expect(page.get_by_test_id("histograms")).to_be_visible()
    found["run page"] = serious_violations(page)
    screenshot(f"{scheme}-run-page")

    page.get_by_test_id("runs-link").click()
    expect(page.get_by_test_id(f"run-row-{run_id}")).to_be_visible()
    found["runs page"] = serious_violations(page)
    screenshot(f"{scheme}-runs-page")

    page.goto(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("model-files")).to_be_visible()
    page.get_by_test_id("create-share").click()
    url = page.get_by_test_id("share-url").input_value()
    found["model page"] = serious_violations(page)
    screenshot(f"{scheme}-model-page")

    stranger = browser.new_context(viewport={"width": 1440, "height": 1000}, color_scheme=scheme)
    try:
        shared = stranger.new_page()
        shared.goto(url)
        expect(shared.get_by_test_id("model-name")).to_be_visible()
        expect(shared.get_by_test_id("model-files")).to_be_visible()
        found["shared page"] = serious_violations(shared)
        page.get_by_test_id("revoke-share").click()
        found["revoke asked"] = serious_violations(page)
        page.get_by_test_id("revoke-yes").click()
        expect(page.get_by_test_id("share-list")).to_contain_text("revoked")
        shared.goto(url)
        expect(shared.get_by_test_id("share-gone")).to_be_visible()
        found["revoked page"] = serious_violations(shared)
    finally:
        stranger.close()

    problems = [f"{name}: {violation}" for name, seen in found.items() for violation in seen]
    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)
