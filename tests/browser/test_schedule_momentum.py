"""OneCycleLR cycles the momentum set for SGD or RMSprop: the editor says so before Train."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor


def test_one_cycle_over_sgd_momentum_is_a_hint_until_cycle_momentum_is_off(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("optimizer-select").select_option("SGD")
    page.get_by_text("Schedule, clipping, early stopping").click()
    page.get_by_test_id("scheduler-select").select_option("OneCycleLR")
    hint = page.get_by_test_id("train-hint")
    expect(hint).to_have_text(
        "OneCycleLR cycles SGD's momentum between 0.95 and 0.85, against the learning rate, in "
        "place of the momentum 0.9 set for SGD: set cycle_momentum to false to keep it."
    )
    momentum = page.locator("#param-optimizer-momentum")
    if not momentum.is_visible():
        page.get_by_text("SGD options").click()
    momentum.fill("0")
    expect(hint).to_contain_text("in place of the momentum 0 set for SGD")
    screenshot("one-cycle-momentum-hint")
    page.locator("#param-scheduler-cycle_momentum").uncheck()
    expect(hint).to_have_count(0)
    page.get_by_test_id("optimizer-select").select_option("Adam")
    page.locator("#param-scheduler-cycle_momentum").check()
    expect(hint).to_have_count(0)  # Adam's beta1, 0.9, lies inside the cycle
