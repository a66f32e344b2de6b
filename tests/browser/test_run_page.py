"""A run has its own page: Train opens it, a reload or its address brings back the live run with
its whole history; the editor keeps its work across reloads and visits; two runs stay reachable."""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor

RUN_PAGE = re.compile(r"/runs/([0-9a-f]+)$")


@pytest.fixture
def cancel_runs(page: Page, server_url: str) -> Iterator[list[str]]:
    """Runs a test started: cancelled at the end, so a failure leaves the one worker free."""
    started: list[str] = []
    yield started
    for run_id in started:
        api_of(page).post(f"{server_url}/api/runs/{run_id}/cancel")


def _long_design(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill(
        "500"
    )  # 718,500 steps of one sample: minutes, under the steps limit
    page.get_by_test_id("batch-size-input").fill("1")


def _train(page: Page, started: list[str]) -> str:
    """Presses Train and waits for the run's own page; returns the run's id."""
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(RUN_PAGE)
    match = RUN_PAGE.search(page.url)
    assert match
    started.append(match[1])
    expect(page.get_by_test_id("run-id")).to_have_text(match[1])
    return match[1]


def _points(page: Page) -> int:
    return int(page.get_by_test_id("loss-chart").get_attribute("data-points") or 0)


def _wait_for_points(page: Page, more_than: int) -> int:
    expect(page.get_by_test_id("loss-chart")).not_to_have_attribute(
        "data-points", re.compile(rf"^({'|'.join(str(n) for n in range(more_than + 1))})$")
    )
    return _points(page)


def test_reload_mid_run_returns_to_the_live_run_with_its_whole_history(
    page: Page, server_url: str, cancel_runs: list[str], screenshot: Callable[[str], None]
) -> None:
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    _long_design(page, server_url)
    run_id = _train(page, cancel_runs)
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)
    before = _wait_for_points(page, 5)

    page.reload()
    expect(page).to_have_url(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-id")).to_have_text(run_id)
    expect(page.get_by_test_id("run-status")).to_have_text("running")
    # The whole history came back (after=0), not only what happened since the reload ...
    after_reload = _wait_for_points(page, before - 1)
    assert after_reload >= before
    assert sockets[-1].endswith(f"/api/runs/{run_id}/events?after=0&batch=1&heartbeat=1")
    stored = api_of(page).get(f"{server_url}/api/runs/{run_id}/events?limit=10000").json()
    assert after_reload >= len([e for e in stored if e["type"] == "progress"]) - 50
    # ... and it keeps growing, live.
    _wait_for_points(page, after_reload)
    screenshot("run-page-live")

    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("stopped", timeout=15_000)


def test_the_design_survives_a_reload_and_a_visit_to_a_model_page(
    page: Page, server_url: str, cancel_runs: list[str]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("design-name").fill("kept-cnn")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("lr-input").fill("0.02")

    page.reload()
    expect(page.get_by_test_id("design-name")).to_have_value("kept-cnn")
    expect(page.get_by_test_id("layer-card-flat1")).to_be_visible()
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    expect(page.get_by_test_id("epochs-input")).to_have_value("2")
    expect(page.get_by_test_id("lr-input")).to_have_value("0.02")

    run_id = _train(page, cancel_runs)
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    # One way to the model page once it has one to show: the downloads' (the head's goes).
    expect(page.get_by_test_id("run-model-page")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Model page"))).to_have_count(1)
    page.get_by_test_id("open-model-page").click()
    expect(page).to_have_url(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("model-name")).to_have_text("kept-cnn")
    page.get_by_test_id("editor-link").click()
    expect(page.get_by_test_id("design-name")).to_have_value("kept-cnn")
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    expect(page.get_by_test_id("lr-input")).to_have_value("0.02")

    # New design starts over, under a name of its own that a reload keeps; Undo brings the layers back.
    name = page.get_by_test_id("design-name")
    page.get_by_test_id("new-design").click()
    expect(page.get_by_test_id("layer-card-fc1")).to_have_count(0)
    expect(name).to_have_value(re.compile(r"^network \d+$"))
    first = name.input_value()
    page.reload()
    expect(name).to_have_value(first)
    expect(page.get_by_test_id("layer-card-flat1")).to_have_count(0)
    # The next new design is not named like the last one, and its name is still the person's to change.
    page.get_by_test_id("new-design").click()
    expect(name).not_to_have_value(first)
    expect(name).to_have_value(re.compile(r"^network \d+$"))
    name.fill("my own")
    page.reload()
    expect(name).to_have_value("my own")


def test_a_second_train_keeps_both_runs_reachable(
    page: Page, server_url: str, cancel_runs: list[str], screenshot: Callable[[str], None]
) -> None:
    _long_design(page, server_url)
    first = _train(page, cancel_runs)
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)
    page.go_back()  # the editor, with its design
    expect(page.get_by_test_id("layer-card-fc1")).to_be_visible()
    second = _train(page, cancel_runs)
    assert second != first
    # One worker: the second waits, and its page says where it stands in the queue.
    expect(page.get_by_test_id("run-status")).to_have_text("queued")
    expect(page.get_by_test_id("queue-place")).to_have_text("(1st in the queue)")
    screenshot("run-page-queued")
    expect(page.get_by_test_id("running-count")).to_have_text("1 running · 1 queued")

    page.get_by_test_id("runs-link").click()
    for run_id in (first, second):
        expect(page.get_by_test_id(f"run-row-{run_id}")).to_be_visible()
    page.get_by_test_id(f"run-link-{first}").click()
    expect(page).to_have_url(f"{server_url}/runs/{first}")
    expect(page.get_by_test_id("run-status")).to_have_text("running")
    expect(page.get_by_test_id("run-worker")).to_contain_text("on local worker (pid ")
    screenshot("run-page-worker")
    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("stopped", timeout=15_000)
    page.goto(f"{server_url}/runs/{second}")
    expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=60_000)
    # Read once the queued run has started, which the line above gives a minute: the count
    # cannot say "1 running" before that, and while nothing trained it asked every 3 s.
    expect(page.get_by_test_id("running-count")).to_have_text("1 running")
    page.get_by_test_id("stop-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute(
        "data-status", "cancelled", timeout=15_000
    )
