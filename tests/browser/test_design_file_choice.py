"""A dataset's file chosen in Load design: the message says which button takes it, and stands in the
top bar beside or under the buttons at every width, never over the design's name (it squeezed the
"Design name" label and field under New design)."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, open_editor, screenshot_page
from tests.browser.test_editor_phone import overlap

# Each thing in the top bar that must stand clear of the others: the name's label and field, the
# buttons, the message, Code, and the links to the pages.
BAR_ITEMS = (
    ".topbar h1, .topbar .name-field > *, .topbar .design-file > :not(.name-field), "
    ".topbar > button, .topbar-nav > *"
)


def overlapping(page: Page) -> list[tuple[str, str]]:
    """The pairs of top-bar items whose boxes overlap, each named by its text."""
    items = page.locator(BAR_ITEMS).all()
    boxes = [
        (item.inner_text() or item.get_attribute("data-testid") or "?", item.bounding_box())
        for item in items
    ]
    return [
        (name, other)
        for i, (name, box) in enumerate(boxes)
        for other, other_box in boxes[i + 1 :]
        if box and other_box and overlap(box, other_box)
    ]


def test_a_csv_chosen_in_load_design_points_to_upload_dataset_without_covering_the_name(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("design-name").fill("my homework net")
    csv = {
        "name": "iris.csv",
        "mimeType": "text/csv",
        "buffer": b"student_id,sepal_length\n1,5.1\n",
    }
    page.get_by_test_id("load-design").set_input_files(csv)
    error = page.get_by_test_id("load-error")
    expect(error).to_have_text(
        "iris.csv is a dataset, not a design: use Upload dataset, under Training, to train on it."
    )
    expect(page.get_by_test_id("design-name")).to_have_value("my homework net")  # nothing loaded
    # A run's tally beside Runs takes the bar's room, as a class's paused and queued runs do.
    page.get_by_test_id("runs-link").evaluate(
        "(link) => link.insertAdjacentHTML('beforeend', '<span class=\"running-count\">1 paused · 1 queued</span>')"
    )
    for width in (1920, 1600, 1440, 1280, 1240, 1239, 1024, 800, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        expect(error).to_be_visible()
        assert overlapping(page) == [], f"at {width} px: {overlapping(page)}"
        name = page.get_by_test_id("design-name").bounding_box()
        assert name and name["width"] >= 80, f"at {width} px the name's field is {name}"
        if width in (1440, PHONE["width"]):
            screenshot_page(page, screenshot, f"load_design_csv_{width}")
