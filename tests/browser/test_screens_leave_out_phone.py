"""On a phone the upload form's Leave out list shows a useful number of columns at once: a column's
name and the reason under it take two or three lines there, and its 180 px box showed two or three
at a time. It stays a box of its own, no taller than the window above Train's bar."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, screenshot_page
from tests.browser.test_upload_form import open_upload

NAMES = ["customer_id", "signed_up", "last_visit", "spend", "visits", "region", "notes", "age"]
LONG = [f"{name}_recorded_at_the_branch_office" for name in NAMES]
SHOWN_AT_ONCE = 6  # columns wholly in the list's box before it is scrolled
# The list's items wholly inside its box, as it opens (not scrolled).
WHOLE = """(list) => { const box = list.getBoundingClientRect();
  return [...list.children].filter((item) => item.getBoundingClientRect().bottom <= box.bottom + 0.5).length; }"""


def _csv() -> bytes:
    rows = "".join(
        f"{i},2024-01-{i % 28 + 1:02},2024-02-{i % 28 + 1:02},{i * 0.5},{i % 3},{i % 7},"
        f"note {i},{20 + i % 9},{'ab'[i % 2]}\n"
        for i in range(30)
    )
    return (",".join([*LONG, "label"]) + "\n" + rows).encode()


def test_the_leave_out_list_shows_several_columns_on_a_phone(
    phone: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_upload(phone, server_url, "shop.csv", _csv())
    leave_out = phone.get_by_test_id("upload-leave-out")
    expect(leave_out.locator("li")).to_have_count(len(LONG))
    listed = leave_out.locator("ul")
    assert listed.evaluate(WHOLE) >= SHOWN_AT_ONCE, listed.bounding_box()
    box, bar = listed.bounding_box(), phone.get_by_test_id("train-bar").bounding_box()
    assert box is not None and bar is not None
    assert box["height"] <= PHONE["height"] - bar["height"], (box, bar)
    leave_out.evaluate("(e) => e.scrollIntoView({ block: 'start' })")
    screenshot_page(phone, screenshot, "screens-leave-out-phone")
