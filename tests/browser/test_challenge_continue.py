"""A challenge run stopped early is judged where it stopped; gone on with Continue (the plain one,
or "Continue with" the rate that was never set) its banner waits for the new end again: it once
kept "Not met yet" while the run trained on."""

import re

from playwright.sync_api import Page, expect

from tests.browser.test_challenges import start_challenge


def test_the_verdict_waits_again_after_continue(page: Page, server_url: str) -> None:
    start_challenge(page, server_url, "moons-beat-linear")
    epochs = page.get_by_test_id("epochs-input")
    # The challenge's own settings first: typed before they came, "1000" went after its "30".
    expect(epochs).to_have_value("30")
    epochs.fill("1000")
    expect(epochs).to_have_value("1000")
    page.get_by_test_id("batch-size-input").fill("8")
    train = page.get_by_test_id("train-button")
    # Its reason for being off, if any, is its description: a failure here says what held it (a
    # loaded CI once held it past 30 s, saying nothing).
    expect(train).to_have_accessible_description(
        "Train (Alt+T comes here from anywhere in the editor)", timeout=60_000
    )
    train.click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    verdict = page.get_by_test_id("challenge-verdict")
    status = page.get_by_test_id("run-status")
    expect(status).to_have_attribute("data-status", "running", timeout=30_000)
    expect(verdict).to_contain_text("Checked when the run ends")
    page.get_by_test_id("stop-button").click()
    expect(verdict).to_contain_text("Not met yet", timeout=30_000)  # a line gets ~86% of 93%

    page.get_by_test_id("continue-button").click()
    expect(status).to_have_attribute("data-status", re.compile("queued|running"))
    expect(verdict).to_contain_text("Checked when the run ends")
    expect(status).to_have_attribute("data-status", "running", timeout=30_000)
    page.wait_for_timeout(2000)  # polled again while it trains: still open
    expect(verdict).to_contain_text("Checked when the run ends")
    page.get_by_test_id("stop-button").click()
    expect(verdict).to_contain_text("Not met yet", timeout=30_000)
