"""A run paused when the server stopped, seen in the browser after the restart: still paused,
saying its worker stopped with the server, Step disabled with why, and Resume going on."""

import re
import time
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Browser, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.conftest import _serve

GONE = (
    "Its worker stopped with the server: Resume goes on from where it paused, then Pause to step "
    "again."
)


def _status(client: httpx.Client, run_id: str, wanted: str) -> None:
    deadline = time.monotonic() + 60
    while client.get(f"/api/runs/{run_id}").json()["status"] != wanted:
        assert time.monotonic() < deadline, f"the run never read {wanted}"
        time.sleep(0.05)


def test_a_run_paused_as_the_server_stopped_comes_back_paused_on_its_page(
    browser: Browser, tmp_path: Path
) -> None:
    with _serve(tmp_path) as url:  # a server of this test's own, to stop and start again
        client = httpx.Client(base_url=url, headers={"Origin": url}, timeout=30)
        training = {**DIGITS_TRAINING, "epochs": 30, "batch_size": 8}
        run_id = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
        run_id = run_id.json()["id"]
        _status(client, run_id, "running")
        assert client.post(f"/api/runs/{run_id}/pause").status_code == 200
        _status(client, run_id, "paused")
        cookie = client.cookies["torchcanvas_owner"]
        client.close()
    with _serve(tmp_path) as url:
        context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800})
        try:
            context.add_cookies([{"name": "torchcanvas_owner", "value": cookie, "url": url}])
            page = context.new_page()
            page.goto(f"/runs/{run_id}")
            expect(page.get_by_test_id("run-status")).to_have_text(re.compile("paused", re.I))
            expect(page.get_by_test_id("worker-gone")).to_have_text(GONE)
            expect(page.get_by_test_id("run-worker")).to_contain_text(
                "its worker stopped with the server"
            )
            step = page.get_by_test_id("step-button")
            expect(step).to_be_disabled()
            expect(step).to_have_attribute("title", GONE.removesuffix("."))
            page.get_by_test_id("resume-button").click()
            # Queued again, then trained on a new worker: the page leaves "paused" at once.
            expect(page.get_by_test_id("run-status")).not_to_have_text(
                re.compile("paused", re.I), timeout=30_000
            )
            expect(page.get_by_test_id("step-button")).to_have_count(0)
            expect(page.get_by_test_id("worker-gone")).to_have_count(0)
            api = httpx.Client(
                base_url=url, headers={"Origin": url}, cookies={"torchcanvas_owner": cookie}
            )
            api.post(f"/api/runs/{run_id}/cancel")
            api.close()
        finally:
            context.close()
