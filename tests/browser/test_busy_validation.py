"""A server too busy to check the design (503 with Retry-After) is no verdict on it: the editor
keeps what it knew that still holds, says the server is busy, leaves Train open, and asks again by
itself."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor
from tests.browser.busy_route import BusyRoute


def busy_checks(page: Page, busy: bool = False) -> BusyRoute:
    """The checks of the design, answered with the busy server's 503 while `busy`."""
    return BusyRoute(page, "**/api/designs/validate", busy)


def test_a_busy_server_keeps_the_last_check_and_asks_again(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    busy = busy_checks(page)
    open_editor(page, server_url)
    add_layer(page, "Flatten")  # on the 8×8 digits: (64,)
    add_layer(page, "Linear")  # (64,) -> (10,): 64×10 + 10
    total = page.get_by_test_id("total-params")
    expect(total).to_have_text("650 parameters")
    expect(page.get_by_test_id("estimate-total")).to_be_visible()

    busy.busy = True
    add_layer(page, "Linear")  # (10,) -> (10,): 10×10 + 10 more
    note = page.get_by_test_id("design-busy")
    expect(note).to_have_text("The server is busy: the design is checked again in a moment.")
    # The busy reply is not shown as the design's error, and the last check stays on screen.
    expect(page.get_by_test_id("design-error")).to_have_count(0)
    expect(page.get_by_text("The server is busy: 4 requests")).to_have_count(0)
    expect(total).to_have_text("at least 650 parameters")  # the new layer is not counted yet
    expect(total).to_have_attribute(
        "title", re.compile("not counted yet: they are once the server")
    )
    # The estimate is the whole design's: not known until it is checked.
    expect(page.get_by_test_id("size-estimate")).to_contain_text(
        "Shown once the design is checked."
    )
    expect(page.get_by_test_id("parameters-unknown")).to_have_text(
        "Not counted until the server has checked the design: fc2"
    )
    # The server checks the design again when a run is asked for: Train need not wait.
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_have_count(0)
    screenshot("design-busy")

    # Asked again after each Retry-After with no edit, until the server has room: the real check.
    busy.wait_refused(2, "the design was")
    busy.busy = False
    expect(total).to_have_text("760 parameters", timeout=10_000)
    expect(note).to_have_text("")
    expect(page.get_by_test_id("parameters-unknown")).to_have_count(0)
    expect(page.get_by_test_id("shape-fc2")).to_contain_text("10")
    expect(page.get_by_test_id("estimate-total")).to_be_visible()
    expect(page.get_by_test_id("train-button")).to_be_enabled()


def test_a_busy_first_check_shows_nothing_known_yet(page: Page, server_url: str) -> None:
    busy = busy_checks(page, busy=True)
    open_editor(page, server_url)
    expect(page.get_by_test_id("design-busy")).to_contain_text("The server is busy")
    expect(page.get_by_test_id("design-error")).to_have_count(0)
    expect(page.get_by_test_id("total-params")).to_have_text("…")
    expect(page.get_by_test_id("size-estimate")).to_contain_text(
        "Shown once the design is checked."
    )

    busy.busy = False
    expect(page.get_by_test_id("design-busy")).to_have_text("", timeout=10_000)
    expect(page.get_by_test_id("total-params")).not_to_have_text("…")
    expect(page.get_by_test_id("size-estimate")).not_to_contain_text("once the design is checked")
