"""Load: a hidden tab stops asking for the top bar's count of runs (it asked every second while a
run trained) and asks at once when shown; the count is three numbers, not the runs list (hundreds
of KB); a run page's load reads the run's record and the catalogue once."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Request, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, LONG
from tests.browser.api_calls import api_of

# Headless Chromium shows every page: the tab's visibility is set from the test, through the
# same property and event that a browser's tab switch changes.
HIDE = """
(() => {
  let hidden = false;
  Object.defineProperty(document, "visibilityState", { get: () => (hidden ? "hidden" : "visible") });
  Object.defineProperty(document, "hidden", { get: () => hidden });
  window.__setHidden = (value) => {
    hidden = value;
    document.dispatchEvent(new Event("visibilitychange"));
  };
})();
"""
TALLY = re.compile(r"/api/run-tally$")
RUNS_LIST = re.compile(r"/api/runs(\?.*)?$")


@pytest.fixture
def asked(page: Page) -> Iterator[list[str]]:
    """The path of every GET the page sends to the API, in order."""
    paths: list[str] = []

    def note(request: Request) -> None:
        path = request.url.split("//", 1)[-1].split("/", 1)[-1]
        if request.method == "GET" and path.startswith("api/"):
            paths.append("/" + path)

    page.on("request", note)
    yield paths


def _start_long_run(page: Page, url: str) -> str:
    page.goto(url)  # the owner cookie
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}
    created = api_of(page).post(f"{url}/api/runs", data=body)
    assert created.status == 201, created.text()
    return str(created.json()["id"])


def test_a_hidden_tab_stops_polling_the_runs_and_asks_at_once_when_shown(
    page: Page, server_url: str, asked: list[str]
) -> None:
    page.add_init_script(HIDE)
    _start_long_run(page, server_url)
    page.goto(server_url)
    expect(page.get_by_test_id("running-count")).to_have_text("1 running", timeout=30_000)
    lists = lambda: sum(bool(RUNS_LIST.search(path)) for path in asked)  # noqa: E731
    tallies = lambda: sum(bool(TALLY.search(path)) for path in asked)  # noqa: E731
    before, listed = tallies(), lists()
    page.wait_for_timeout(2500)
    assert tallies() >= before + 2, asked  # shown, it asks every second while a run trains
    assert lists() == listed, asked  # and not for the list

    page.evaluate("window.__setHidden(true)")
    page.wait_for_timeout(500)  # an answer out when it was hidden comes back
    hidden_at = tallies()
    page.wait_for_timeout(3500)
    assert tallies() == hidden_at, asked[-10:]

    with page.expect_request(lambda request: bool(TALLY.search(request.url)), timeout=500):
        page.evaluate("window.__setHidden(false)")


def test_a_run_page_reads_its_run_and_the_catalogue_once_as_it_loads(
    page: Page, server_url: str, asked: list[str]
) -> None:
    run_id = _start_long_run(page, server_url)
    for _ in range(300):  # running: a queued run's page asks for its place in the queue
        if api_of(page).get(f"{server_url}/api/runs/{run_id}").json()["status"] == "running":
            break
        page.wait_for_timeout(100)
    page.goto("about:blank")  # the editor's own reads are over
    asked.clear()
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=30_000)
    page.wait_for_timeout(3000)  # what the page's parts ask for as they come
    assert asked.count(f"/api/runs/{run_id}") == 1, asked
    assert asked.count("/api/catalog") <= 1, asked
