"""A run page left open while the server restarts: while the server is gone the page says that
what it shows may be out of date and holds its controls; once it is back, the run the stop
interrupted goes on by itself, and the page follows it again without a reload."""

import os
import re
import time
from contextlib import ExitStack
from pathlib import Path

import httpx2 as httpx
from playwright.sync_api import Browser, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.conftest import _serve, held_to_csp
from tests.serve import free_port


def _trained_a_step(client: httpx.Client, run_id: str) -> None:
    deadline = time.monotonic() + 60
    while not any(e["type"] == "progress" for e in client.get(f"/api/runs/{run_id}/events").json()):
        assert time.monotonic() < deadline, "the run never trained a step"
        time.sleep(0.05)


def test_a_run_page_open_through_a_restart_says_it_lost_touch_then_follows_the_run_going_on(
    browser: Browser, tmp_path: Path
) -> None:
    port = free_port()  # the same address after the restart, as the open page has it
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    url = f"http://127.0.0.1:{port}"
    # Closed however the test ends: left open by a failure, its socket was found by the next
    # test's garbage collection, and failed that one (ResourceWarning).
    client = httpx.Client(base_url=url, headers={"Origin": url}, timeout=30)
    csp = ExitStack()
    try:
        with _serve(tmp_path, port) as served:
            assert served == url
            training = {**DIGITS_TRAINING, "epochs": 300, "batch_size": 8}
            reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
            run_id = reply.json()["id"]
            _trained_a_step(client, run_id)
            cookie = client.cookies["torchcanvas_owner"]
            context.add_cookies([{"name": "torchcanvas_owner", "value": cookie, "url": url}])
            page = context.new_page()
            csp.enter_context(held_to_csp(page))  # as the `page` fixture's pages are
            page.goto(f"{url}/runs/{run_id}")
            expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "running")
            expect(page.get_by_test_id("stale-banner")).to_have_count(0)
            expect(page.get_by_test_id("pause-button")).to_be_enabled()
        # Stopped as `docker stop` stops it: the page loses touch, keeps what it saw, says since
        # when, and holds its controls (one restart for this and for what follows it).
        banner = page.get_by_test_id("stale-banner")
        expect(banner).to_contain_text(
            re.compile(r"^Lost touch with the server at \d\d:\d\d:\d\d: reconnecting…")
        )
        expect(banner).to_contain_text("What you see may be out of date.")
        at = re.search(r"\d\d:\d\d:\d\d", banner.inner_text())
        assert at is not None
        expect(page.get_by_test_id("run-status")).to_have_text(f"running (as of {at[0]})")
        reason = f"Lost touch with the server at {at[0]}: this works again once it is back."
        for control in ("stop-button", "pause-button"):
            expect(page.get_by_test_id(control)).to_be_disabled()
            expect(page.get_by_test_id(control)).to_have_attribute("title", reason)
        if screens := os.environ.get("TORCHCANVAS_SCREENS"):
            page.screenshot(path=f"{screens}/run-lost-server.png", full_page=True)
        with _serve(tmp_path, port):
            # Back on the same data folder: in touch again, the status the server's.
            expect(banner).to_have_count(0, timeout=30_000)
            expect(page.get_by_test_id("run-status")).not_to_contain_text("as of")
            # Back: it says why the run ended, and that it went on, and follows it.
            ended = page.get_by_test_id("run-message")
            status = page.get_by_test_id("run-status")
            expect(status).to_have_attribute("data-status", "running", timeout=60_000)
            expect(ended).to_have_count(0)
            expect(page.get_by_text(re.compile("Lost touch", re.I))).to_have_count(0)
            if screens:
                page.screenshot(path=f"{screens}/run-going-on-after-restart.png", full_page=True)
            # Its status is running before the worker's started event is stored: read on until
            # the log holds it (it held the first part's alone, at step 0, on a loaded machine).
            deadline = time.monotonic() + 60
            while True:
                log = client.get(f"/api/runs/{run_id}/events").json()
                if sum(e["type"] == "started" for e in log) >= 2:
                    break
                assert time.monotonic() < deadline, "the part that went on never started"
                time.sleep(0.05)
            ends = [e["message"] for e in log if e["type"] == "end"]
            assert ends == [
                "The server stopped before this run finished. It goes on from its last "
                "checkpoint when the server starts again."
            ]
            # Its head says so (runHistory.ts), at the step its checkpoint went on from.
            went_on = [e for e in log if e["type"] == "started"][-1]["first_step"]
            history = page.get_by_test_id("run-history")
            expect(history).to_contain_text(f"went on after a server stop at step {went_on:,}.")
            assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
            expect(status).to_have_attribute("data-status", "cancelled", timeout=30_000)
            expect(ended).to_contain_text("Stopped at step")
        csp.close()  # fails here if the page broke the CSP at any point
    finally:
        client.close()
        context.close()
