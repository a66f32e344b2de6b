"""The runs page and a run's page fit their width: the table inside its panel at 1024 px, a run's
note in its header under the title, and the compare legend one line a run however long its name."""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE
from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run
from torchcanvas.store.run_labels import RunLabels
from torchcanvas.training.events import EndEvent, Metrics, ProgressEvent, TrainingEvent

DESIGN = {
    "version": 1,
    "name": "my-network",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
LONG_NAME = (
    "long run with a rather long descriptive name that goes on and on and on to test wrapping"
)
NOTE = "Stopped early.\nSecond line of note"


def _runs(page: Page, server_url: str, server_data: Path) -> tuple[str, str]:
    """Two finished runs of this browser: one with a long name and a note, one plainly named."""
    owner, training = owner_of(page, server_url), DIGITS_SETTINGS
    long = write_run(
        server_data,
        owner,
        DESIGN,
        training,
        finished_events(3),
        RunLabels(name=LONG_NAME, note=NOTE),
    )
    # An uploaded dataset's id is long: it widens its column as it did for the exploratory tester.
    uploaded = training.model_copy(update={"dataset": "upload-155aea47eb0a"})
    short = write_run(server_data, owner, DESIGN, uploaded, finished_events(3))
    return long, short


def test_the_runs_table_fits_in_its_panel_at_1024_px(
    page: Page, server_url: str, server_data: Path
) -> None:
    long, short = _runs(page, server_url, server_data)
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-row-{long}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    # The panel's content box: the table and its Edit buttons stay within it, unscrolled.
    inside = page.get_by_test_id("runs-table").evaluate(
        """(t) => { const panel = t.closest('.panel'), box = panel.getBoundingClientRect();
          return box.right - parseFloat(getComputedStyle(panel).paddingRight); }"""
    )
    table = page.get_by_test_id("runs-table").bounding_box()
    assert table and table["x"] + table["width"] <= inside + 0.5, (table, inside)
    for run_id in (long, short):
        edit = page.get_by_test_id(f"run-edit-{run_id}").bounding_box()
        assert edit and edit["x"] + edit["width"] <= inside, (edit, inside)


def test_a_phone_shows_each_runs_accuracy_and_loss_without_scrolling(
    page: Page, server_url: str, server_data: Path
) -> None:
    long, _ = _runs(page, server_url, server_data)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{server_url}/runs")
    accuracy = page.get_by_test_id(f"run-val-accuracy-{long}")
    expect(accuracy).to_be_visible()
    box = accuracy.bounding_box()
    assert box and box["x"] + box["width"] <= 390 - 16, box
    scroller = page.locator(".runs-table-scroll")
    assert scroller.evaluate("(s) => s.scrollWidth <= s.clientWidth"), "the table scrolls sideways"
    # Its headings sort: said so, where they read as column names with no table under them.
    heads = page.locator(".runs-table thead tr")
    assert heads.evaluate("(tr) => getComputedStyle(tr, '::before').content") == '"Sort by"'
    # A card reads name, status and scores, then its buttons: Rename / note came between them.
    status = page.get_by_test_id(f"run-status-{long}").bounding_box()
    rename = page.get_by_test_id(f"run-row-{long}").get_by_role("button", name="Rename / note")
    button = rename.bounding_box()
    assert status and button and button["y"] > status["y"] + status["height"] - 1, (status, button)


FAILED_WHY = (
    "`mnist` is not in the data folder and could not be downloaded from https://ossci-datasets"
    ".s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz ([Errno -2] Name or service not known). "
    "Connect the server to the internet, or copy its four files into the data folder's "
    "downloads/mnist, then start the run again."
)


def test_a_failed_run_says_why_in_its_row(page: Page, server_url: str, server_data: Path) -> None:
    """Among many runs, a failed one tells why without being opened: two lines at most, the whole
    reason in its title, and the table still fits a 1024 px window and a phone."""
    owner = owner_of(page, server_url)
    ended = EndEvent(status="failed", message=FAILED_WHY, metrics=Metrics())
    failed = write_run(server_data, owner, DESIGN, DIGITS_SETTINGS, [ended], error=FAILED_WHY)
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(f"{server_url}/runs")
        why = page.get_by_test_id(f"run-why-{failed}")
        if width == 1280:  # no wider than a name: the settings beside it keep one line
            settings = page.get_by_test_id(f"run-row-{failed}").locator(".runs-settings")
            expect(settings).to_have_text("CrossEntropyLoss · Adam")
            lines = settings.evaluate(
                """(cell) => { const range = document.createRange(); range.selectNodeContents(cell);
                  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; }"""
            )
            assert lines == 1, lines
        expect(why).to_have_text(FAILED_WHY.replace("`", ""))
        expect(why.locator("code")).to_have_text("mnist")
        expect(why).to_have_attribute("title", FAILED_WHY.replace("`", ""))
        box = why.bounding_box()
        assert box and box["x"] + box["width"] <= width - 16, (width, box)
        assert box["height"] <= 2.5 * 11.5 * 1.6, (width, box)  # two lines of its 11.5 px text
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_runs_note_sits_in_its_header_under_the_title(
    page: Page, server_url: str, server_data: Path
) -> None:
    long, _ = _runs(page, server_url, server_data)
    for width in (1024, 1600):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{server_url}/runs/{long}")
        note = page.locator(".dashboard-summary").get_by_test_id("run-page-note")
        expect(note).to_have_text(NOTE)
        title, box = page.get_by_test_id("run-title").bounding_box(), note.bounding_box()
        assert title and box and box["y"] >= title["y"] + title["height"], (title, box)


def test_the_compare_legend_keeps_a_long_run_name_on_one_line(
    page: Page, server_url: str, server_data: Path
) -> None:
    long, short = _runs(page, server_url, server_data)
    page.goto(f"{server_url}/runs")
    for run_id in (long, short):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    legend = page.get_by_test_id("overlay-val-loss").locator(".u-legend")
    expect(legend.locator(".u-series .u-label")).to_have_count(3)  # x, then the two runs
    rows = legend.evaluate(
        """(legend) => [...legend.querySelectorAll(".u-series")].slice(1).map((row) => {
          const label = row.querySelector(".u-label");
          return { height: row.getBoundingClientRect().height, width: row.getBoundingClientRect().width,
                   legend: legend.getBoundingClientRect().width, title: label.title, text: label.textContent,
                   cut: label.scrollWidth > label.clientWidth };
        })"""
    )
    line = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") * 2.2
    for row in rows:
        assert row["height"] <= line and row["width"] <= row["legend"], rows
        assert row["title"] == row["text"], rows
    # The long name is cut in its middle: its start and end, and the id after it, all show.
    long_row = next(row for row in rows if row["text"].startswith(LONG_NAME[:16]))
    assert "…" in long_row["text"] and f"· {long[:6]}" in long_row["text"], rows
    assert long_row["text"].split(" · ")[0].endswith(LONG_NAME[-15:]), rows
    # Both ran with Adam at one rate: the legend leaves out what they share, to fit the names.
    assert f"my-network · {short[:6]}" in [row["text"] for row in rows], rows


# Each word of an element's text as the lines it is drawn on: a word split over two lines has two.
_WORD_LINES = """(cell) => {
    const text = cell.firstChild, found = [];
    for (const match of text.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      found.push([match[0], new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size]);
    }
    return found;
}"""


def test_a_dataset_title_wraps_between_words_at_1024_px(
    page: Page, server_url: str, server_data: Path
) -> None:
    """The runs table at 1024 px split 'Handwritten' into 'Handwritt' and 'en'."""
    owner = owner_of(page, server_url)
    diabetes = DIGITS_SETTINGS.model_copy(update={"dataset": "diabetes", "loss": "MSELoss"})
    titles = ("Handwritten digits (8×8)", "Diabetes progression")
    runs = [
        write_run(server_data, owner, DESIGN, settings, finished_events(2), dataset_title=title)
        for settings, title in zip((DIGITS_SETTINGS, diabetes), titles, strict=True)
    ]
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{server_url}/runs")
    for run_id, title in zip(runs, titles, strict=True):
        cell = page.get_by_test_id(f"run-row-{run_id}").locator("td.runs-dataset")
        expect(cell).to_have_text(title)
        words = cell.evaluate(_WORD_LINES)
        assert all(lines == 1 for _, lines in words), words
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024


def test_the_compared_training_loss_has_every_step(
    page: Page, server_url: str, server_data: Path
) -> None:
    """The overlay drew one mean a progress frame, so its last loss disagreed with the run page's."""
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, _stepped())
    page.goto(f"{server_url}/runs")
    page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    chart = page.get_by_test_id("overlay-loss")
    expect(chart).to_have_attribute("data-points", "8")  # 2 epochs of 4 steps
    page.get_by_test_id("overlay-loss-smoothing").fill("0")  # each step's own loss, as drawn raw
    expect(chart.locator(".u-legend .u-series").nth(1).locator(".u-value")).to_have_text("0.25")
    page.goto(f"{server_url}/runs/{run_id}")
    expect(page.get_by_test_id("loss-chart").locator(".u-legend .u-series").nth(1)).to_contain_text(
        "0.25"
    )


def _stepped() -> list[TrainingEvent]:
    """finished_events(2), each frame's four steps with their own losses: 2, 1.75, …, 0.25."""
    events = finished_events(2)
    for event in events:
        if isinstance(event, ProgressEvent):
            event.losses = [2.25 - 0.25 * (event.step - 4 + i + 1) for i in range(4)]
            event.loss = sum(event.losses) / 4
    return events


def test_the_runs_page_and_its_comparison_fit_a_phone(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """On a 390 px phone the table scrolls inside its own box and the compared charts are as
    wide as the screen: the page itself never scrolls sideways."""
    long, short = _runs(page, server_url, server_data)
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id(f"run-row-{long}")).to_be_visible()
    for run_id in (long, short):
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    expect(page.get_by_test_id("overlay-val-loss").locator(".u-legend")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the runs page is {width} px wide on a 390 px phone"
    screenshot("runs-compared-phone")


def test_the_runs_filters_fit_their_card_on_a_phone(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    """At 390 px the Dataset filter, as wide as its longest dataset's title, stuck out past the
    card's right edge: each filter stays within the card's padding."""
    _runs(page, server_url, server_data)
    owner = owner_of(page, server_url)
    upload = DIGITS_SETTINGS.model_copy(update={"dataset": "upload-0123456789ab"})
    title = "customer_churn_quarterly_export_final_v2.csv"
    write_run(server_data, owner, DESIGN, upload, finished_events(3), dataset_title=title)
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/runs")
    filters = page.locator(".runs-filters")
    expect(filters.get_by_test_id("filter-dataset")).to_be_visible()
    inside = filters.evaluate(
        """(f) => { const card = f.closest('.panel'), box = card.getBoundingClientRect(),
          style = getComputedStyle(card);
          return [box.left + parseFloat(style.paddingLeft), box.right - parseFloat(style.paddingRight)]; }"""
    )
    out = []
    for element in [filters, *filters.locator("*").all()]:
        box = element.bounding_box()
        if box and (box["x"] < inside[0] - 0.5 or box["x"] + box["width"] > inside[1] + 0.5):
            out.append((element.evaluate("(e) => e.outerHTML.slice(0, 60)"), box))
    assert out == [], (inside, out)
    screenshot("runs-filters-phone")


def test_rename_and_note_fit_a_phone(page: Page, server_url: str, server_data: Path) -> None:
    """The button says what it edits (not "Edit", read as the design), and its form fits the screen."""
    _, short = _runs(page, server_url, server_data)
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/runs")
    row = page.get_by_test_id(f"run-row-{short}")
    rename = row.get_by_role("button", name="Rename / note")
    expect(rename).to_have_text(re.compile(r"^Rename / note"))  # and, unseen, which run
    expect(rename).to_have_accessible_name("Rename / note of the run my-network")
    rename.click()
    form = page.get_by_test_id(f"label-form-{short}")
    panel = page.locator(".panel").filter(has=form).bounding_box()
    assert panel is not None
    for field in ("run-name-input", "run-note-input", "run-label-save"):
        box = form.get_by_test_id(field).bounding_box()
        assert box and box["x"] >= panel["x"], (field, box)
        assert box["x"] + box["width"] <= panel["x"] + panel["width"], (field, box, panel)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    form.get_by_test_id("run-note-input").fill("a note typed on a phone")
    form.get_by_test_id("run-label-save").click()
    expect(page.get_by_test_id(f"run-note-{short}")).to_have_text("a note typed on a phone")


def test_val_loss_sorts_within_each_task_and_says_so(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    _runs(page, server_url, server_data)  # one on digits, one on an uploaded set
    page.goto(f"{server_url}/runs")
    note = page.get_by_test_id("runs-sort-within")
    expect(note).to_have_count(0)
    page.get_by_test_id("sort-val_loss").click()
    expect(note).to_have_text(re.compile("within each dataset and loss"))
    screenshot("runs-sort-within")
    page.get_by_test_id("sort-val_accuracy").click()  # a share on every task: one order
    expect(note).to_have_count(0)
