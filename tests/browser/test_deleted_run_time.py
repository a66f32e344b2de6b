"""A deleted run's address says when it was deleted in the reader's own time zone: the server writes
the time in UTC (it knows no reader's zone), and the page writes it again."""

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import screenshot_page
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)

KOLKATA = ZoneInfo("Asia/Kolkata")  # UTC+05:30, all year
SERVER_TIME = re.compile(r" on (\d{4}-\d\d-\d\d \d\d:\d\d) UTC:")


def test_a_deleted_runs_page_says_when_in_the_readers_time_zone(
    browser: Browser, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    context = browser.new_context(base_url=server_url, timezone_id="Asia/Kolkata")
    page = context.new_page()
    try:
        owner = owner_of(page, server_url)
        run_id = write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(1))
        assert api_of(page).delete(f"/api/runs/{run_id}").status == 204
        reply = api_of(page).get(f"/api/runs/{run_id}")
        assert reply.status == 410, reply.text()
        said = SERVER_TIME.search(reply.json()["detail"])
        assert said, reply.json()
        there = datetime.strptime(said[1], "%Y-%m-%d %H:%M") + timedelta(hours=5, minutes=30)
        year = "" if there.year == datetime.now(KOLKATA).year else f" {there.year}"
        # The month as the browser abbreviates it ("Sep" or "Sept", by its ICU's English).
        local = rf"{there.day} [A-Z][a-z]{{2,3}}{year}, {there:%H:%M}"

        page.goto(f"{server_url}/runs/{run_id}")
        expect(page.get_by_test_id("run-page-error")).to_contain_text(
            re.compile(f"You deleted run {run_id} on {local}: its charts, weights and share links")
        )
        screenshot_page(page, screenshot, "deleted-run-local-time")
        page.goto(f"{server_url}/models/{run_id}")
        expect(page.get_by_role("main")).to_contain_text(
            re.compile(f"You deleted run {run_id} on {local}:")
        )
    finally:
        context.close()
