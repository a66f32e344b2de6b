"""A run page refused for want of a seat says why while it retries, and follows once one frees."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from websockets.sync.client import connect
from websockets.typing import Origin

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, LONG
from tests.browser.api_calls import api_of
from tests.browser.conftest import _serve


@pytest.fixture(scope="module")
def one_seat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _serve(tmp_path_factory.mktemp("seats"), TORCHCANVAS_MAX_VIEWERS_PER_CLIENT="1") as url:
        yield url


def test_a_run_page_without_a_seat_says_why_and_follows_once_one_frees(
    page: Page, one_seat_url: str, tmp_path: Path
) -> None:
    url = one_seat_url
    page.goto(url)
    body = {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **LONG}}
    created = api_of(page).post(f"{url}/api/runs", data=body)
    assert created.status == 201, created.text()
    run_id = created.json()["id"]
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    ws_url = url.replace("http://", "ws://") + f"/api/runs/{run_id}/events"
    try:
        with connect(ws_url, additional_headers={"Cookie": cookie}, origin=Origin(url)) as seat:
            seat.recv(timeout=30)  # the address's one seat is taken
            page.goto(f"{url}/runs/{run_id}")
            expect(page.get_by_test_id("reconnecting")).to_have_text(
                "reconnecting… Too many run pages are open from your address (at most 1, "
                "TORCHCANVAS_MAX_VIEWERS_PER_CLIENT): close some.",
                timeout=20_000,
            )
        # The seat is free: the page follows the run on its next try.
        expect(page.get_by_test_id("reconnecting")).to_have_count(0, timeout=20_000)
        expect(page.get_by_test_id("run-status")).to_have_text("running", timeout=20_000)
    finally:
        api_of(page).post(f"{url}/api/runs/{run_id}/cancel")
