"""A run's results read cleanly: class names sit whole beside their bars (accuracy per class, and
Try it's probabilities), and the confusion matrix takes the dark theme's colours at AA contrast."""

import re
import time

from playwright.sync_api import Locator, Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.browser_steps import add_layer, open_editor, set_param, upload_flowers

CLASSES = ["setosa", "versicolor", "virginica"]

# Each row's name: its text whole (not clipped), and its box left of the bar's.
_NAME_ROWS = """(list) => [...list.querySelectorAll("li")].map((li) => {
  const name = li.querySelector(".class-name");
  const bar = li.querySelector(".bar").getBoundingClientRect();
  return { text: name.textContent, clipped: name.scrollWidth > name.clientWidth,
           gap: bar.left - name.getBoundingClientRect().right };
})"""

_CELL_LUMINANCE = """(cell) => {
  const [r, g, b] = getComputedStyle(cell).backgroundColor.match(/\\d+/g).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def _luminances_once_changed(cells: list[Locator], before: list[float]) -> list[float]:
    """The cells' luminances once every one differs from `before` (a scheme's change event
    reaches the page a moment after the media changes)."""
    for _ in range(50):
        now = [cell.evaluate(_CELL_LUMINANCE) for cell in cells]
        if all(a != b for a, b in zip(now, before, strict=True)):
            return now
        time.sleep(0.1)
    raise AssertionError(f"the cells kept their light colours: {now}")


def _names_fit(rows: Locator) -> None:
    found = rows.evaluate(_NAME_ROWS)
    assert [row["text"] for row in found] == CLASSES, found
    assert all(not row["clipped"] and row["gap"] >= 0 for row in found), found


def _train_on_flowers(page: Page, server_url: str) -> str:
    """Three classes with long names, trained for one epoch only: some flowers are mistaken."""
    open_editor(page, server_url)
    upload_flowers(page)
    expect(page.get_by_test_id("shape-input")).to_have_text("(4)")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "3")
    page.get_by_test_id("epochs-input").fill("1")
    page.get_by_test_id("batch-size-input").fill("16")
    page.get_by_test_id("lr-input").fill("0.001")
    page.get_by_test_id("train-button").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    return page.url.rsplit("/", 1)[1]


def test_class_names_fit_and_the_confusion_matrix_suits_the_dark_theme(
    page: Page, server_url: str
) -> None:
    run_id = _train_on_flowers(page, server_url)
    _names_fit(page.get_by_test_id("class-accuracy"))

    matrix = page.get_by_test_id("confusion-matrix")
    cells = [cell for cell in matrix.locator("tbody td").all() if cell.inner_text().strip()]
    assert len(cells) > len(CLASSES), "one epoch should leave some flowers mistaken"
    light = [cell.evaluate(_CELL_LUMINANCE) for cell in cells]
    page.emulate_media(color_scheme="dark")
    # Every cell, the fullest included, stays darker than mid-grey on the dark page.
    assert max(_luminances_once_changed(cells, light)) < 0.2
    assert serious_violations(page) == []

    page.emulate_media(color_scheme="light")
    page.goto(f"{server_url}/models/{run_id}")
    page.get_by_test_id("predict-button").click()
    expect(page.get_by_test_id("probabilities").locator("li")).to_have_count(3)
    _names_fit(page.get_by_test_id("probabilities"))
