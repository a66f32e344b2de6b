"""The /admin page of a server with TORCHCANVAS_ADMIN_TOKEN: a teacher logs in, sees a student's
run holding the only worker, and stops it; the student's own page reads it stopped. By keyboard,
the focus follows the rows. Both tests on one server: each server start is seconds of CI."""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import Api
from tests.browser.browser_steps import PHONE, VALUE_RIGHT_OF_LABEL
from tests.browser.conftest import _serve

ADMIN_TOKEN = "teacher-admin-token-2024"


@pytest.fixture(scope="module")
def admin_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own with an admin token."""
    with _serve(tmp_path_factory.mktemp("admin"), TORCHCANVAS_ADMIN_TOKEN=ADMIN_TOKEN) as url:
        yield url


def test_the_admin_stops_a_students_run(
    page: Page, browser: Browser, admin_server_url: str, screenshot: Callable[[str], None]
) -> None:
    url = admin_server_url
    student = browser.new_context(base_url=url)
    api = Api(student)
    long = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}  # minutes of the only worker
    reply = api.post("/api/runs", data={"design": DIGITS_CNN, "training": long})
    assert reply.status == 201, reply.text()
    run_id = reply.json()["id"]
    try:
        page.goto(f"{url}/admin")
        expect(page.get_by_test_id("admin-login")).to_be_visible()
        page.get_by_label("Admin token").fill("not-the-admin-token")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_test_id("admin-login-error")).to_contain_text(
            "That admin token is wrong"
        )
        screenshot("admin-login")
        page.get_by_label("Admin token").fill(ADMIN_TOKEN)
        page.get_by_role("button", name="Log in").click()

        row = page.get_by_test_id("admin-run").filter(has_text=run_id)
        expect(row.get_by_test_id("admin-run-status")).to_have_text("running", timeout=120_000)
        expect(row.get_by_test_id("admin-run-name")).to_contain_text("digits-cnn")
        expect(row.get_by_test_id("admin-run-owner")).to_have_text(re.compile(r"^[0-9a-f]{6}$"))
        screenshot("admin-runs")
        # On a phone, a card of labelled lines, each value right of its label (the class page's
        # cards, whose style it shares).
        page.set_viewport_size(PHONE)
        for cell in row.locator("td[data-label]").all():
            assert cell.evaluate(VALUE_RIGHT_OF_LABEL), cell.get_attribute("data-label")
        screenshot("admin-runs-phone")
        page.set_viewport_size({"width": 1440, "height": 1000})

        # Asked on the row (a browser's confirm() could be suppressed, and Stop did nothing).
        row.get_by_role("button", name=f"Stop digits-cnn ({run_id})").click()
        confirm = row.get_by_test_id("admin-run-stop-confirm")
        expect(confirm).to_contain_text("Stop “digits-cnn” (owner ")
        expect(confirm).to_contain_text("It ends as cancelled, as its owner's Stop would.")
        expect(row.get_by_test_id("admin-run-stop-no")).to_be_focused()  # the safe answer
        screenshot("admin-stop-asked")
        row.get_by_test_id("admin-run-stop-no").click()  # kept: nothing sent
        expect(row.get_by_role("button", name=f"Stop digits-cnn ({run_id})")).to_be_focused()
        expect(row.get_by_test_id("admin-run-status")).to_have_text("running")
        row.get_by_role("button", name=f"Stop digits-cnn ({run_id})").click()
        row.get_by_test_id("admin-run-stop-yes").click()
        expect(page.get_by_test_id("admin-said")).to_have_text('Stopped "digits-cnn".')
        expect(page.get_by_test_id("admin-empty")).to_have_text("No runs are training or waiting.")
        expect(page.get_by_test_id("admin-run")).to_have_count(0)
        screenshot("admin-stopped")

        # The student's page says it was stopped, as by their own Stop.
        student_page = student.new_page()
        student_page.goto(f"{url}/runs/{run_id}")
        expect(student_page.get_by_test_id("run-status")).to_have_text("stopped")
    finally:
        api.post(f"/api/runs/{run_id}/cancel")  # where a failure left it going
        student.close()


def test_the_admin_page_keeps_the_focus(
    page: Page, browser: Browser, admin_server_url: str
) -> None:
    """By keyboard: the focus goes on to the runs after a login, to the next row's Stop when a
    stopped run's row leaves (the previous one's at the end, the heading when none is left), and
    back to the token field after Log out; a wrong token marks the field and names its message.
    The focus fell to the page at each of these."""
    url = admin_server_url
    student = browser.new_context(base_url=url)
    api = Api(student)
    long = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}  # one runs, two wait behind it
    runs = []
    for _ in range(3):
        reply = api.post("/api/runs", data={"design": DIGITS_CNN, "training": long})
        assert reply.status == 201, reply.text()
        runs.append(reply.json()["id"])
    try:
        page.goto(f"{url}/admin")
        token = page.get_by_label("Admin token")
        token.focus()
        page.keyboard.type("not-the-admin-token")
        page.keyboard.press("Enter")
        error = page.get_by_test_id("admin-login-error")
        expect(error).to_contain_text("That admin token is wrong")
        expect(token).to_have_attribute("aria-invalid", "true")
        expect(token).to_have_accessible_description(error.inner_text())
        page.keyboard.press("Control+A")
        page.keyboard.type(ADMIN_TOKEN)
        page.keyboard.press("Enter")
        heading = page.get_by_role("heading", name="Admin: runs training or waiting")
        expect(heading).to_be_focused()
        expect(page.get_by_test_id("admin-run")).to_have_count(3)
        # Start next on the last run queued: it goes first, the page says so, and its button
        # keeps the focus as its row moves up, off now (it starts next already).
        later = page.get_by_role("button", name=f"Start digits-cnn ({runs[2]}) next")
        later.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("admin-said")).to_have_text(
            '"digits-cnn" starts next, when a worker is free.'
        )
        row = page.get_by_test_id("admin-run").filter(has_text=runs[2])
        expect(row.locator("td[data-label='In queue']")).to_have_text("1")
        expect(later).to_have_attribute("aria-disabled", "true")
        expect(later).to_be_focused()

        def stop_by_keyboard() -> None:
            """Enter on the focused Stop, then on its "Stop it" (Shift+Tab from Keep it running)."""
            page.keyboard.press("Enter")
            expect(page.get_by_test_id("admin-run-stop-no")).to_be_focused()
            page.keyboard.press("Shift+Tab")
            expect(page.get_by_test_id("admin-run-stop-yes")).to_be_focused()
            page.keyboard.press("Enter")

        stops = page.get_by_role("button", name="Stop digits-cnn")
        shown = [
            name.split("(")[1].rstrip(")")
            for name in stops.evaluate_all(
                "buttons => buttons.map(b => b.getAttribute('aria-label'))"
            )
        ]
        assert sorted(shown) == sorted(runs)
        first, middle, last = shown
        # The middle row's Stop: its row leaves, and the next row's Stop has the focus.
        page.get_by_role("button", name=f"Stop digits-cnn ({middle})").focus()
        stop_by_keyboard()
        expect(page.get_by_test_id("admin-run")).to_have_count(2)
        expect(page.get_by_role("button", name=f"Stop digits-cnn ({last})")).to_be_focused()
        # The last row's: the one before it.
        stop_by_keyboard()
        expect(page.get_by_test_id("admin-run")).to_have_count(1)
        expect(page.get_by_role("button", name=f"Stop digits-cnn ({first})")).to_be_focused()
        # None left: the heading.
        stop_by_keyboard()
        expect(page.get_by_test_id("admin-empty")).to_be_visible()
        expect(heading).to_be_focused()

        page.get_by_test_id("admin-logout").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_label("Admin token")).to_be_focused()
    finally:
        for run_id in runs:
            api.post(f"/api/runs/{run_id}/cancel")  # where a failure left them going
        student.close()
