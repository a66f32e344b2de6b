"""The app runs under the server's strict Content-Security-Policy, and a violation would show."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor

_INJECT = """() => {
    const s = document.createElement('script');
    window.ran = false;
    s.textContent = 'window.ran = true';
    document.body.appendChild(s);
    return window.ran;
}"""


def test_the_editor_loads_under_the_csp(page: Page, server_url: str) -> None:
    response = page.goto(server_url)
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    open_editor(page, server_url)
    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()
    # The autouse fixture `no_csp_violations` fails this (and every) test on any violation.


def test_an_injected_inline_script_does_not_run(page: Page, server_url: str) -> None:
    other = page.context.new_page()  # its violation is the point, so not on the watched page
    other.goto(server_url)
    with other.expect_console_message(lambda m: "Content Security Policy" in m.text) as seen:
        assert other.evaluate(_INJECT) is False
    assert "script-src" in seen.value.text
    other.close()
