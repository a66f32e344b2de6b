"""A new learning rate while the run trains, from its page (as TensorFlow Playground's): typed and
set by keyboard while it runs, lowered 10x while paused, where the next Step trains with it; the
page says where each took over, and keeps saying it after a reload and once the run has ended."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, screenshot_page
from tests.browser.test_editor_phone import overlap

LONG = {**DIGITS_TRAINING, "lr": 0.01, "epochs": 500, "batch_size": 8}  # Adam, a constant rate


def _changes(page: Page, run_id: str) -> list[tuple[float, bool]]:
    run = api_of(page).get(f"/api/runs/{run_id}").json()
    return [(c["lr"], c["live"]) for c in run["lr_changes"]]


def test_the_rate_is_changed_as_the_run_trains_and_while_paused(
    page: Page, phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    reply = api_of(page).post("/api/runs", data={"design": DIGITS_CNN, "training": LONG})
    run_id = reply.json()["id"]
    try:
        page.goto(f"{server_url}/runs/{run_id}")
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
        rate = page.get_by_role("spinbutton", name="Learning rate from the next step")
        expect(rate).to_have_value("0.01")  # the rate it trains with
        expect(page.get_by_test_id("live-rate-hint")).to_have_text(
            "It takes over at the next step; the optimizer keeps its momentum."
        )
        set_button = page.get_by_test_id("live-rate-set")
        expect(set_button).to_be_disabled()  # nothing new typed yet
        # Checked as typed: a rate the server would refuse says why, and Set waits.
        rate.fill("20")
        expect(page.get_by_test_id("live-rate-error")).to_contain_text("20 is too large")
        expect(set_button).to_be_disabled()
        # Typed and sent with Enter while it runs: the page says the step it took over after.
        rate.fill("0.005")
        rate.press("Enter")
        said = page.get_by_test_id("live-rate-said")
        expect(said).to_contain_text("Learning rate set to 0.005 after step")
        assert _changes(page, run_id) == [(0.005, True)]
        # The settings line over it says the new rate at once, as it does after a reload.
        expect(page.get_by_test_id("run-settings-line")).to_contain_text("lr 0.01 → 0.005 ·")
        expect(page.get_by_test_id("run-lr-changes")).to_contain_text(
            "Learning rate set to 0.005 in epoch"
        )
        expect(page.get_by_test_id("run-status")).to_have_text("running")
        assert serious_violations(page) == []
        screenshot("live-rate-running")

        # Paused: ÷ 10 by keyboard, then Set; the next Step trains at the new rate.
        page.get_by_test_id("pause-button").click()
        expect(page.get_by_test_id("run-status")).to_have_text("paused")
        expect(rate).to_have_value("0.005")
        rate.focus()
        page.keyboard.press("Tab")
        expect(page.get_by_test_id("live-rate-lower")).to_be_focused()
        page.keyboard.press("Enter")
        expect(rate).to_have_value("0.0005")
        page.keyboard.press("Tab")
        expect(set_button).to_be_focused()
        page.keyboard.press("Enter")
        expect(said).to_contain_text("Learning rate set to 0.0005 after step")
        expect(rate).to_be_focused()  # Set turned disabled: the next rate is typed here
        paused_at = api_of(page).get(f"/api/runs/{run_id}/events?limit=10000").json()
        held = [e for e in paused_at if e["type"] == "paused"][-1]["step"]
        epoch = [e for e in paused_at if e["type"] == "paused"][-1]["epoch"]
        # Paused, no step has trained with it yet: it trains the next one (a Stop first leaves
        # it never set); once the Step trains, it took over.
        expect(said).to_have_text(
            f"Learning rate set to 0.0005 after step {held:,}, in epoch {epoch}: "
            "it trains the next step."
        )
        page.get_by_test_id("step-button").click()
        expect(page.get_by_test_id("lr-chart")).to_contain_text("now 5e-4", timeout=30_000)
        expect(said).to_have_text(
            f"Learning rate set to 0.0005 after step {held:,}, in epoch {epoch}: it took over."
        )
        assert _changes(page, run_id) == [(0.005, True), (0.0005, True)]
        screenshot("live-rate-paused")

        # On a phone (the same owner's), the field, ÷ 10 and Set stand whole, apart from the
        # other buttons.
        phone.context.add_cookies(page.context.cookies())  # type: ignore[arg-type]
        phone.goto(f"{server_url}/runs/{run_id}")
        expect(phone.get_by_test_id("live-rate-input")).to_have_value("0.0005")
        boxes = [
            phone.get_by_test_id(test_id).bounding_box()
            for test_id in ("live-rate-input", "live-rate-lower", "live-rate-set", "step-button")
        ]
        assert all(box is not None for box in boxes)
        assert not any(
            overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a and b
        )
        assert all(box and box["x"] + box["width"] <= 390 for box in boxes)
        screenshot_page(phone, screenshot, "live-rate-phone")

        # A reload replays where the rates took over; once stopped, the page lists both.
        page.reload()
        expect(said).to_contain_text("Learning rate set to 0.0005 after step")
        page.get_by_test_id("resume-button").click()
        page.get_by_test_id("stop-button").click()
        expect(page.get_by_test_id("run-status")).to_have_text("stopped", timeout=30_000)
        page.reload()
        expect(page.get_by_test_id("run-lr-changes")).to_contain_text(
            "Learning rate set to 0.005 in epoch "
        )
        expect(page.get_by_test_id("continue-rate-input")).to_have_value("0.0005")
        screenshot("live-rate-stopped")
    finally:
        api_of(page).post(f"/api/runs/{run_id}/cancel", data={})


def test_a_rate_set_while_paused_then_stopped_is_said_never_to_have_trained(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """Paused, a new rate set, then Stop: no step trained at it, and every place says so (a
    review: the header read "lr 0.01 → 0.0005" and "…it took over" while the Learning-rate
    panel said constant)."""
    open_editor(page, server_url)
    reply = api_of(page).post("/api/runs", data={"design": DIGITS_CNN, "training": LONG})
    run_id = reply.json()["id"]
    try:
        page.goto(f"{server_url}/runs/{run_id}")
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
        page.get_by_test_id("pause-button").click()
        expect(page.get_by_test_id("run-status")).to_have_text("paused")
        page.get_by_role("spinbutton", name="Learning rate from the next step").fill("0.0005")
        page.get_by_test_id("live-rate-set").click()
        expect(page.get_by_test_id("live-rate-said")).to_contain_text("set to 0.0005 after step")
        expect(page.get_by_test_id("live-rate-said")).to_contain_text("it trains the next step.")
        page.get_by_test_id("stop-button").click()
        expect(page.get_by_test_id("run-status")).to_have_text("stopped", timeout=30_000)
        line = page.get_by_test_id("run-settings-line")
        never = (
            "The run stopped before the new learning rate 0.0005 was set: no step trained with it."
        )
        for reloaded in (False, True):
            if reloaded:
                page.reload()
            expect(page.get_by_test_id("rate-never-set")).to_contain_text(never)
            expect(line).to_contain_text("lr 0.01 ·")
            expect(line).not_to_contain_text("→")
            expect(page.get_by_text("it took over")).to_have_count(0)
            expect(page.get_by_test_id("run-lr-changes")).to_have_count(0)
            expect(page.get_by_test_id("lr-constant")).to_contain_text("0.01, constant")
            expect(page.get_by_test_id("rate-never-set-continue")).to_have_text(
                "Continue with 0.0005"
            )
        screenshot("live-rate-paused-then-stopped")
        page.goto(f"{server_url}/runs")
        expect(page.get_by_test_id(f"run-row-{run_id}").locator("td[data-label=lr]")).to_have_text(
            "0.01"
        )
        page.goto(f"{server_url}/models/{run_id}")
        expect(page.get_by_test_id("training-settings")).to_contain_text("Adam, lr 0.01")
        expect(page.get_by_test_id("training-settings")).not_to_contain_text("0.0005")
        screenshot("live-rate-paused-then-stopped-model")
    finally:
        api_of(page).post(f"/api/runs/{run_id}/cancel", data={})
