"""Step, as TensorFlow Playground has it: a paused run trains one batch a press and stays paused."""

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_steps import add_layer, open_editor, screenshot_page
from tests.browser.test_editor_phone import overlap


def _start_long_run(page: Page, server_url: str, tap: bool = False) -> None:
    """Trains a small network for many epochs, through the editor's Train button."""
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("1000")
    page.get_by_test_id("batch-size-input").fill("16")
    train = page.get_by_test_id("train-button")
    train.tap() if tap else train.click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]{16}$"))
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)


def _step_count(page: Page) -> int:
    return int(page.get_by_test_id("progress-step").inner_text().replace(",", ""))


def _points(page: Page) -> int:
    return int(page.get_by_test_id("loss-chart").get_attribute("data-points") or "0")


def _pause(page: Page) -> None:
    page.get_by_test_id("pause-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("paused")


def _stepped_once(page: Page, step: int, points: int) -> None:
    """The step count and the loss chart each show exactly one more step, and the run holds."""
    expect(page.get_by_test_id("progress-step")).to_have_text(f"{step + 1:,}")
    expect(page.get_by_test_id("loss-chart")).to_have_attribute("data-points", str(points + 1))
    expect(page.get_by_test_id("run-status")).to_have_text("paused")


def _apart(*buttons: Locator) -> None:
    """Each button wholly on the screen's width, none over another."""
    width = buttons[0].page.viewport_size["width"]  # type: ignore[index]
    boxes = [button.bounding_box() for button in buttons]
    assert all(box is not None for box in boxes)
    for i, a in enumerate(boxes):
        assert a is not None and a["x"] >= 0 and a["x"] + a["width"] <= width, a
        for b in boxes[i + 1 :]:
            assert b is not None and not overlap(a, b), (a, b)


def test_step_trains_one_batch_of_a_paused_run_which_then_resumes_and_stops(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    _start_long_run(page, server_url)
    expect(page.get_by_test_id("step-button")).to_have_count(0)  # only while paused
    _pause(page)
    step_button = page.get_by_test_id("step-button")
    expect(step_button).to_have_text("Step")
    expect(step_button).to_have_attribute("title", re.compile("one batch"))
    page.wait_for_timeout(300)  # the last frames before the pause are in
    step, points = _step_count(page), _points(page)
    page.wait_for_timeout(300)
    assert (_step_count(page), _points(page)) == (step, points)  # held: nothing moves

    said = page.get_by_test_id("step-said")  # what a screen reader hears
    expect(said).to_have_text("")
    step_button.click()
    _stepped_once(page, step, points)
    expect(said).to_have_text(f"Step {step + 1:,} trained; still paused.")
    _apart(
        page.get_by_test_id("resume-button"),
        step_button,
        page.get_by_test_id("stop-button"),
    )
    screenshot("run-stepped")
    # By keyboard: the focus stays on Step, and each Enter is one step more.
    step_button.focus()
    for n in range(1, 3):
        page.keyboard.press("Enter")
        _stepped_once(page, step + n, points + n)
        expect(step_button).to_be_focused()
        expect(said).to_have_text(f"Step {step + n + 1:,} trained; still paused.")
    page.wait_for_timeout(300)
    assert (_step_count(page), _points(page)) == (step + 3, points + 3)  # and no more

    # A reload replays the stepped points from the event log.
    page.reload()
    expect(page.get_by_test_id("run-status")).to_have_text("paused")
    expect(page.get_by_test_id("progress-step")).to_have_text(f"{step + 3:,}")
    expect(page.get_by_test_id("loss-chart")).to_have_attribute("data-points", str(points + 3))

    page.get_by_test_id("resume-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("running")
    expect(page.get_by_test_id("step-button")).to_have_count(0)
    expect(page.get_by_test_id("progress-step")).not_to_have_text(f"{step + 3:,}")
    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("stopped", timeout=30_000)
    expect(page.get_by_test_id("step-button")).to_have_count(0)


def test_step_on_a_phone_sits_beside_resume_and_stop_without_overlap(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    _start_long_run(phone, server_url, tap=True)
    phone.get_by_test_id("pause-button").tap()
    expect(phone.get_by_test_id("run-status")).to_have_text("paused")
    phone.wait_for_timeout(300)
    step, points = _step_count(phone), _points(phone)
    phone.get_by_test_id("step-button").tap()
    _stepped_once(phone, step, points)
    _apart(
        phone.get_by_test_id("resume-button"),
        phone.get_by_test_id("step-button"),
        phone.get_by_test_id("stop-button"),
        phone.get_by_test_id("run-status"),
    )
    screenshot_page(phone, screenshot, "run-stepped-phone")
    phone.get_by_test_id("stop-button").tap()
    expect(phone.get_by_test_id("run-status")).to_have_text("stopped", timeout=30_000)
