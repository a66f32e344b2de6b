"""A run on an uploaded CSV shows each misclassified sample's values after their columns' names,
on a wide screen and a phone, not as bare numbers."""

import random
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.test_upload_form import open_upload

DESIGN = {
    "version": 1,
    "name": "churn",
    "input_shape": [3],
    "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
}


def churn_csv() -> bytes:
    """Customers whose churn is a coin toss: a model gets many of them wrong."""
    draw = random.Random(0)
    rows = "".join(
        f"{i},{draw.randint(18, 80)},{draw.uniform(1000, 20000):.2f},{draw.randint(0, 30)},"
        f"{draw.choice(['yes', 'no'])}\n"
        for i in range(80)
    )
    return f"customer_id,age,income,visits,churned\n{rows}".encode()


def test_a_csv_runs_mistakes_name_their_columns(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_upload(page, server_url, "churn.csv", churn_csv())
    expect(page.get_by_test_id("upload-target")).to_have_value("churned")
    page.get_by_test_id("upload-button").click()
    dataset = page.get_by_test_id("dataset-select")
    expect(dataset).to_have_value(re.compile(r"^upload-[0-9a-f]{12}$"))
    training = {
        "dataset": dataset.input_value(),
        "loss": "CrossEntropyLoss",
        "optimizer": "Adam",
        "lr": 0.01,
        "epochs": 2,
        "batch_size": 16,
    }
    run_id = train_through_page(page, DESIGN, training)

    page.goto(f"{server_url}/runs/{run_id}")
    # Each tile becomes a link to Try it once the page knows the run's weights, and the link's card
    # is a new element: read it after that, or it may leave the page as it is read.
    expect(page.get_by_test_id("mistakes-hint")).to_be_visible()
    first = page.get_by_test_id("misclassified").locator("a.mistake-open code").first
    pair = r"-?\d+(\.\d+)?"
    said = rf"^age\s=\s{pair}, income\s=\s{pair}, visits\s=\s{pair}$"
    expect(first).to_have_text(re.compile(said))
    first.scroll_into_view_if_needed()
    screenshot("run-page-table-mistakes")

    # On a phone each name stays by its value, a pair a line, inside its card.
    page.set_viewport_size(PHONE)
    # The run's charts take the new width as their resize observers fire, a frame or more after
    # the viewport's (test_queued_run_words read 938 px at once): the page fits once they have.
    # A function, not an expression: polled, an expression is eval'd, which the CSP refuses.
    fits = "(width) => document.documentElement.scrollWidth <= width"
    page.wait_for_function(fits, arg=PHONE["width"], timeout=10_000)
    card = page.get_by_test_id("misclassified").locator("li").first.bounding_box()
    assert card is not None
    for line in first.locator("span").all():
        box = line.bounding_box()
        assert box and box["height"] < 20, box  # one line: "income = 9180.38" is not broken
        assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
    screenshot("run-page-table-mistakes-phone")
