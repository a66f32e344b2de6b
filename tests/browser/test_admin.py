"""The /admin page of a server with TORCHCANVAS_ADMIN_TOKEN: a teacher logs in, sees a student's
run holding the only worker, and stops it; the student's own page reads it stopped."""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import Api
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

        page.once("dialog", lambda dialog: dialog.accept())
        row.get_by_role("button", name=f"Stop digits-cnn ({run_id})").click()
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
