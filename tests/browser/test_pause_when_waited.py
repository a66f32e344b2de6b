"""Two students on a server with one worker: A pauses a run, B presses Train. A's page says that a
run waits for the worker and when the pause ends; B's that it waits for another person's paused
run, and when that pause ends at the latest. Then the pause ends, and B's run trains (B waited
10 minutes, told nothing, and A was told only after the stop; a teacher's review)."""

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, screenshot_page
from tests.browser.conftest import _serve

HOLD = 30  # TORCHCANVAS_PAUSE_SECONDS_WHEN_WAITED: the pause's end once a run waits
LONG = {**DIGITS_TRAINING, "epochs": 500, "batch_size": 8}
ENDS = r"(\d\d:\d\d) \(in 0:(\d\d)\)"


@pytest.fixture(scope="module")
def class_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("class")
    with _serve(data, TORCHCANVAS_PAUSE_SECONDS_WHEN_WAITED=str(HOLD)) as url:
        yield url


def _student(browser: Browser, url: str, name: str) -> tuple[Page, str]:
    """A student's own browser (its own owner cookie) on the page of a long run it started."""
    context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto("/")
    made = api_of(page).post(
        "/api/runs", data={"design": DIGITS_CNN, "training": LONG, "name": name}
    )
    assert made.status == 201, made.text()
    run_id: str = made.json()["id"]
    page.goto(f"/runs/{run_id}")
    return page, run_id


def _shoot(page: Page, name: str) -> None:
    """To $TORCHCANVAS_SCREENS, when that is set (screenshot_page: any context's page)."""
    screenshot_page(page, lambda _: None, name)


def _fits_the_phone(page: Page) -> None:
    """The run's progress (where both pages say when the pause ends) stays within the screen."""
    deadline = time.monotonic() + 5  # the page lays itself out again at the new width
    while (right := page.get_by_test_id("progress").evaluate(RIGHT)) > PHONE["width"]:
        assert time.monotonic() < deadline, right
        time.sleep(0.05)


RIGHT = "element => element.getBoundingClientRect().right"


def test_a_paused_run_and_the_classmate_waiting_for_it_are_told_when_the_pause_ends(
    browser: Browser, class_server: str
) -> None:
    pauser, paused_id = _student(browser, class_server, "pauser")
    expect(pauser.get_by_test_id("run-status")).to_have_text(re.compile("running", re.I))
    pauser.get_by_test_id("pause-button").click()
    expect(pauser.get_by_test_id("run-status")).to_have_text(re.compile("paused", re.I))
    time.sleep(1.5)  # a few answers: nobody waits, so nothing is said of an end
    expect(pauser.get_by_test_id("pause-hold")).to_have_count(0)

    waiter, waiting_id = _student(browser, class_server, "waiter")
    try:
        expect(waiter.get_by_test_id("run-status")).to_have_text(re.compile("queued", re.I))
        expect(waiter.get_by_test_id("queue-place")).to_have_text(" (1st in the queue)")
        expect(waiter.get_by_test_id("queue-paused-other")).to_have_text(
            " It waits for another person's paused run, which holds the worker."
        )
        expect(waiter.get_by_test_id("queue-paused-ahead")).to_have_count(0)  # not B's own
        said = waiter.get_by_test_id("queue-pause-ends")
        expect(said).to_have_text(re.compile(f"^ That pause ends at {ENDS} at the latest\\.$"))
        held = pauser.get_by_test_id("pause-hold")
        expect(held).to_have_text(
            re.compile(
                f"^1 run waits for this worker: this pause ends at {ENDS} unless you Resume\\.$"
            )
        )
        # Both pages name the same end, within the hold, and count down to it.
        on_waiter = re.search(ENDS, said.inner_text())
        on_pauser = re.search(ENDS, held.inner_text())
        assert on_waiter and on_pauser and on_waiter[1] == on_pauser[1]
        assert 0 < int(on_pauser[2]) <= HOLD
        expect(held).not_to_have_text(held.inner_text(), timeout=3000)
        _shoot(pauser, "pause-ends-pauser")
        _shoot(waiter, "pause-ends-waiter")

        # B's runs list says where its run stands in the queue (it said only "queued"). It can
        # only while the pause holds, HOLD s from B's Train: read before the phone layouts below,
        # which take seconds each on a busy machine.
        waiter.set_viewport_size(PHONE)
        waiter.goto("/runs")
        expect(waiter.get_by_test_id(f"run-queue-place-{waiting_id}")).to_have_text(
            "1st in the queue"
        )
        _shoot(waiter, "runs-list-queued-phone")
        waiter.goto(f"/runs/{waiting_id}")
        expect(said).to_be_visible()  # its page, loaded again, says when the pause ends

        for page, name in ((pauser, "pause-ends-pauser"), (waiter, "pause-ends-waiter")):
            page.set_viewport_size(PHONE)
            _fits_the_phone(page)
            _shoot(page, f"{name}-phone")

        # The pause ends when it said: A's run stops where it stood, and B's trains.
        expect(pauser.get_by_test_id("run-status")).not_to_have_text(
            re.compile("paused", re.I), timeout=(HOLD + 15) * 1000
        )
        expect(pauser.get_by_test_id("pause-hold")).to_have_count(0)
        expect(waiter.get_by_test_id("run-status")).to_have_text(
            re.compile("running", re.I), timeout=30_000
        )
        expect(waiter.get_by_test_id("queue-pause-ends")).to_have_count(0)
        _shoot(pauser, "pause-ended-pauser-phone")
    finally:
        for page, run_id in ((waiter, waiting_id), (pauser, paused_id)):
            api_of(page).post(f"/api/runs/{run_id}/cancel", data={})
            page.context.close()
