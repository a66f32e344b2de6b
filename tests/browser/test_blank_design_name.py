"""A design's name cleared to nothing is not kept: the field goes back to its name when left, and
no run is made with a blank name (one named "" had nothing to click in the runs list, no title on
its model page, and read " · 0fbeed" in Compare)."""

import re

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor


def test_a_cleared_name_goes_back_to_the_last_one(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    name = page.get_by_test_id("design-name")
    name.fill("moons-mlp")
    page.get_by_test_id("epochs-input").focus()
    for cleared in ("", "   "):
        name.fill(cleared)
        expect(name).to_have_value(cleared)  # as typed, while the field is being edited
        page.get_by_test_id("epochs-input").focus()
        expect(name).to_have_value("moons-mlp")

    # Emptied a key at a time, it goes back to the name the field was entered with, not to "m".
    name.click()
    name.press("End")
    for _ in "moons-mlp":
        name.press("Backspace")
    expect(name).to_have_value("")
    for layer in ("Flatten", "Linear"):
        add_layer(page, layer)  # the click leaves the field
    expect(name).to_have_value("moons-mlp")

    # Cleared, then Train pressed straight away: the run has the name.
    page.get_by_test_id("epochs-input").fill("1")
    name.fill("")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]{16}$"))
    run_id = page.url.rsplit("/", 1)[1]
    run = api_of(page).get(f"{server_url}/api/runs/{run_id}").json()
    assert run["design"]["name"] == "moons-mlp"
    expect(page.get_by_test_id("run-title")).to_have_text("moons-mlp")
