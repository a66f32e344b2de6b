"""Continue with a new learning rate from the run's page: typed (and checked as typed) or lowered
10x, by keyboard; the page then says where the rate changed, and its LR chart shows the drop."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import screenshot_page, train_through_page
from tests.browser.test_editor_phone import overlap

TRAINING = {**DIGITS_TRAINING, "lr": 0.01, "epochs": 2}  # Adam, a constant rate


def test_a_run_goes_on_at_a_rate_ten_times_lower(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, TRAINING)
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")
    rate = page.get_by_test_id("continue-rate-input")
    expect(rate).to_have_value("0.01")  # the rate it trained with
    # Named as a whole, with the words beside it: "with learning rate" alone was a fragment.
    expect(page.get_by_role("spinbutton", name="Continue with learning rate")).to_have_value("0.01")
    assert serious_violations(page) == []
    expect(page.get_by_test_id("continue-rate-hint")).to_have_text(
        "Lower it 10× to let a good run settle; the optimizer keeps its momentum."
    )
    expect(page.get_by_test_id("lr-constant")).to_contain_text("0.01, constant")

    # Checked as typed: a rate the server would refuse says why, and nothing can be sent.
    rate.fill("0")
    error = page.get_by_test_id("continue-rate-error")
    expect(error).to_have_text("Learning rate: 0 is too small; use a number above 0, at most 10.")
    expect(rate).to_have_attribute("aria-invalid", "true")
    train = page.get_by_test_id("more-epochs-button")
    expect(train).to_be_disabled()
    rate.fill("20")
    expect(error).to_contain_text("20 is too large")
    # A decimal comma, as a German user types a rate: Chromium drops it, and "0,0001" went as 1
    # with nothing said. The field says to type a point, and nothing can be sent.
    rate.fill("")
    rate.press_sequentially("0,0001")
    expect(rate).to_have_value("00001")
    expect(error).to_have_text(
        "Learning rate: A comma is not a decimal point here: type a point, as in 0.001."
    )
    expect(train).to_be_disabled()
    screenshot("continue-rate-refused")

    # By keyboard: from the epochs, Tab reaches Train as a new run, then the rate, then ÷ 10,
    # which lowers it 10x.
    rate.fill("0.01")
    expect(error).to_have_count(0)
    page.get_by_test_id("more-epochs-input").fill("2")
    page.get_by_test_id("more-epochs-input").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("more-epochs-new-run")).to_be_focused()
    page.keyboard.press("Tab")
    expect(rate).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("continue-rate-lower")).to_be_focused()
    page.keyboard.press("Enter")
    expect(rate).to_have_value("0.001")
    screenshot("continue-rate-lowered")
    train.click()
    # Two epochs of digits may end before the page sees it running: it follows it to its end.
    expect(page.get_by_test_id("epochs-done")).to_have_text("4 of 4 epochs done", timeout=120_000)
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded")

    # The page says where the rate changed, and the chart of the rate per step shows it.
    expect(page.get_by_test_id("run-lr-changes")).to_have_text(
        "Continued from epoch 3 with learning rate 0.001."
    )
    expect(page.get_by_test_id("run-settings-line")).to_contain_text("lr 0.01 → 0.001")
    expect(page.get_by_test_id("lr-constant")).to_have_count(0)
    # Its last rate, not "now": the run has ended.
    expect(page.get_by_test_id("lr-chart")).to_contain_text("ended at 1e-3")
    expect(rate).to_have_value("0.001")  # going on again starts from the rate it has now
    page.get_by_test_id("run-settings").locator("summary").click()
    expect(page.get_by_test_id("run-settings")).to_contain_text("0.01, then 0.001 from epoch 3")
    screenshot("continue-rate-dropped")
    run = api_of(page).get(f"/api/runs/{run_id}").json()
    assert [(c["epoch"], c["lr"]) for c in run["lr_changes"]] == [(3, 0.001)]
    # The model page's settings and the runs table say it too, not the rate it started with.
    page.goto(f"/models/{run_id}")
    expect(page.get_by_test_id("layer-table").locator("xpath=..")).to_contain_text(
        "Adam, lr 0.01, then 0.001 from epoch 3"
    )
    page.goto("/runs")
    expect(
        page.locator(f'tr:has([data-testid="run-link-{run_id}"]) td[data-label="lr"]')
    ).to_have_text("0.01 → 0.001")


def test_the_rate_field_fits_a_phone(phone: Page, screenshot: Callable[[str], None]) -> None:
    phone.goto("/")
    run_id = train_through_page(phone, DIGITS_CNN, {**TRAINING, "epochs": 1})
    phone.goto(f"/runs/{run_id}")
    expect(phone.get_by_test_id("run-status")).to_have_text("succeeded")
    phone.get_by_test_id("continue-rate-input").fill("0")  # its longest line: the problem
    expect(phone.get_by_test_id("continue-rate-error")).to_be_visible()
    controls = phone.get_by_test_id("run-controls")
    parts = [
        "more-epochs-button",
        "more-epochs-input",
        "more-epochs-label",
        "continue-rate-input",
        "continue-rate-lower",
        "continue-rate-hint",
        "continue-rate-error",
    ]
    # All at one moment: measured one by one, a line of the page that changed between two of them
    # (the run's record read again) moved the later ones, and two boxes of different layouts met.
    boxes = controls.evaluate(
        """(root, parts) => Object.fromEntries(parts.map((part) => {
            const node = root.querySelector(`[data-testid="${part}"]`);
            if (!node) return [part, null];
            const r = node.getBoundingClientRect();
            return [part, {x: r.x, y: r.y, width: r.width, height: r.height}];
        }))""",
        parts,
    )
    width = phone.viewport_size["width"] if phone.viewport_size else 390
    for part, box in boxes.items():
        assert box is not None, part
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (part, box)
    for i, first in enumerate(parts):
        for second in parts[i + 1 :]:
            assert not overlap(boxes[first], boxes[second]), (first, second)  # type: ignore[arg-type]
    screenshot_page(phone, screenshot, "continue-rate-phone")
    # Gone on at a new rate, the page's line about it fits the phone's width too.
    phone.get_by_test_id("continue-rate-input").fill("0.001")
    phone.get_by_test_id("more-epochs-input").fill("1")
    phone.get_by_test_id("more-epochs-button").tap()
    expect(phone.get_by_test_id("epochs-done")).to_have_text("2 of 2 epochs done", timeout=120_000)
    said = phone.get_by_test_id("run-lr-changes")
    expect(said).to_have_text("Continued from epoch 2 with learning rate 0.001.")
    box = said.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    screenshot_page(phone, screenshot, "continue-rate-phone-dropped")
