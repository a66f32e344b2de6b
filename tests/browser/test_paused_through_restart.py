"""A run paused when the server stopped, in the browser after the restart: a page left open
through it reads the run again once back in touch, and a page opened after it reads it at once;
each says the run's worker stopped with the server and holds Step, saying why; Resume goes on, and
the history says a server stop while paused, not a failure. (One test with two servers: one
server stop for both pages.)"""

import os
import time
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Browser, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.conftest import _serve
from tests.serve import free_port

GONE = (
    "Its worker stopped with the server: Resume goes on from where it paused, then Pause to step "
    "again."
)


def _wait(client: httpx.Client, run_id: str, status: str) -> None:
    deadline = time.monotonic() + 60
    while client.get(f"/api/runs/{run_id}").json()["status"] != status:
        assert time.monotonic() < deadline, f"the run never was {status}"
        time.sleep(0.05)


def _went_on_at(client: httpx.Client, run_id: str) -> int:
    """The step the run went on from after the restart: its second start's, once stored (the
    status said running before the log held it, on a loaded CI)."""
    deadline = time.monotonic() + 60
    while True:
        log = client.get(f"/api/runs/{run_id}/events", params={"limit": 10000}).json()
        starts = [event["first_step"] for event in log if event["type"] == "started"]
        if len(starts) >= 2:
            return int(starts[-1])
        assert time.monotonic() < deadline, "the run never started again"
        time.sleep(0.05)


def test_a_paused_run_page_open_through_a_restart_says_its_worker_is_gone(
    browser: Browser, tmp_path: Path
) -> None:
    port = free_port()  # the same address after the restart, as the open page has it
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        with (
            _serve(tmp_path, port) as url,
            httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as client,
        ):
            training = {**DIGITS_TRAINING, "epochs": 300, "batch_size": 8}
            reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
            run_id = reply.json()["id"]
            _wait(client, run_id, "running")
            cookie = client.cookies["torchcanvas_owner"]
            context.add_cookies([{"name": "torchcanvas_owner", "value": cookie, "url": url}])
            page = context.new_page()
            page.goto(f"{url}/runs/{run_id}")
            status = page.get_by_test_id("run-status")
            expect(status).to_have_attribute("data-status", "running", timeout=30_000)
            page.get_by_test_id("pause-button").click()
            expect(status).to_have_attribute("data-status", "paused")
            expect(page.get_by_test_id("worker-gone")).to_have_count(0)
            expect(page.get_by_test_id("step-button")).to_be_enabled()
        with (
            _serve(tmp_path, port),
            httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as client,
        ):
            client.cookies.set("torchcanvas_owner", cookie)
            assert client.get(f"/api/runs/{run_id}").json()["worker_gone"] is True
            # Back in touch: the page read the run again, and says what its record now says.
            expect(page.get_by_test_id("stale-banner")).to_have_count(0, timeout=60_000)
            expect(page.get_by_test_id("worker-gone")).to_have_text(GONE)
            expect(page.get_by_test_id("step-button")).to_be_disabled()
            if screens := os.environ.get("TORCHCANVAS_SCREENS"):
                page.screenshot(path=f"{screens}/paused-after-restart.png", full_page=True)
            # A page opened after the restart says as much from the start.
            fresh = context.new_page()
            fresh.goto(f"{url}/runs/{run_id}")
            expect(fresh.get_by_test_id("run-status")).to_have_attribute("data-status", "paused")
            expect(fresh.get_by_test_id("worker-gone")).to_have_text(GONE)
            expect(fresh.get_by_test_id("run-worker")).to_contain_text(
                "its worker stopped with the server"
            )
            step = fresh.get_by_test_id("step-button")
            expect(step).to_be_disabled()
            expect(step).to_have_attribute("title", GONE.removesuffix("."))
            fresh.close()

            page.get_by_test_id("resume-button").click()
            expect(status).to_have_attribute("data-status", "running", timeout=60_000)
            expect(page.get_by_test_id("step-button")).to_have_count(0)
            expect(page.get_by_test_id("worker-gone")).to_have_count(0)
            went_on = _went_on_at(client, run_id)
            expect(page.get_by_test_id("run-history")).to_contain_text(
                f"went on after a server stop while paused at step {went_on:,}."
            )
            if screens:
                page.screenshot(path=f"{screens}/resumed-after-restart.png", full_page=True)
            assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
            expect(status).to_have_attribute("data-status", "cancelled", timeout=30_000)
    finally:
        context.close()
