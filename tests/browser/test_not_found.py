"""An address that is no page: the app says so and links the pages there are, where it once
showed a bare JSON body (or, for some, the editor); a page's address typed with a slash after
it opens the page."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE


def test_a_mistyped_address_says_there_is_no_page_and_links_the_pages_there_are(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    reply = page.goto(f"{server_url}/run/abc123")
    assert reply is not None and reply.status == 404
    missing = page.get_by_test_id("not-found")
    expect(missing).to_contain_text("Page not found")
    expect(missing).to_contain_text("There is no page at /run/abc123")
    expect(page).to_have_title("Page not found · TorchCanvas")
    screenshot("not-found")
    page.set_viewport_size(PHONE)
    screenshot("not-found-phone")
    missing.get_by_role("link", name="your runs").click()
    expect(page).to_have_url(f"{server_url}/runs")
    expect(page.get_by_text("No runs yet")).to_be_visible()


def test_a_pages_address_with_a_slash_after_it_opens_the_page(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/challenges/")
    expect(page).to_have_url(f"{server_url}/challenges")
    expect(page.get_by_role("heading", name="Challenges")).to_be_visible()
    expect(page.get_by_test_id("not-found")).to_have_count(0)
