"""A server with a login token: the editor asks for it instead of letting Train fail, then trains.
The same server deletes idle browsers' data, and its runs page says after how long."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor, set_param
from tests.browser.conftest import KEEP_IDLE_DAYS, LOGIN_TOKEN


def test_log_in_then_train(
    page: Page, locked_server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, locked_server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "10")
    page.get_by_test_id("epochs-input").fill("1")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_have_text(
        "Log in above first: this server needs a login token to train."
    )

    page.get_by_test_id("login-token").fill("not-the-token")
    page.get_by_test_id("login-button").click()
    expect(page.get_by_test_id("login-error")).to_have_text(
        "That login token is wrong: check it for typos, or ask whoever runs this TorchCanvas for "
        "its token (the server's TORCHCANVAS_TOKEN)."
    )
    screenshot("login-form")

    page.get_by_test_id("login-token").fill(LOGIN_TOKEN)
    page.get_by_test_id("login-button").click()
    expect(page.get_by_test_id("login-form")).to_have_count(0)
    expect(page.get_by_test_id("logout-line")).to_contain_text("Logged in to train")
    assert api_of(page).get(f"{locked_server_url}/api/session").json() == {
        "login_required": True,
        "logged_in": True,
        "keep_idle_days": KEEP_IDLE_DAYS,
    }
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-id")).to_be_visible()
    expect(page.get_by_test_id("run-errors")).to_have_count(0)
    expect(page.get_by_test_id("run-message")).to_have_count(0)
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=60_000)
    screenshot("login-trained")

    # The runs page says how long this server keeps them.
    page.goto(f"{locked_server_url}/runs")
    expect(page.get_by_test_id("runs-kept-for")).to_have_text(
        "This server keeps a browser's runs and uploads for 30 days after its last visit, then "
        "deletes them: download what you want to keep."
    )
    screenshot("runs-kept-for")

    # Back in the editor, this browser logs out: the next person at the machine must log in.
    open_editor(page, locked_server_url)
    expect(page.get_by_test_id("logout-line")).to_be_visible()
    screenshot("logout-line")
    # The upload form says it too: uploads go with the runs.
    page.get_by_test_id("dataset-upload").locator("summary").click()
    expect(page.get_by_test_id("upload-kept-for")).to_have_text(
        "This server keeps a browser's runs and uploads for 30 days after its last visit, then "
        "deletes them: download what you want to keep."
    )
    screenshot("upload-kept-for")
    page.get_by_test_id("logout-button").click()
    expect(page.get_by_test_id("login-form")).to_be_visible()
    expect(page.get_by_test_id("logout-line")).to_have_count(0)
    assert api_of(page).get(f"{locked_server_url}/api/session").json()["logged_in"] is False
