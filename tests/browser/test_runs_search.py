"""The runs page of a practitioner with many runs and one CSV uploaded twice: a search box finds
runs by name, note, id or dataset (on the server, kept in the address); two uploads of one title
are told apart by their id's start, and renamed from the editor; the table keeps file names and
its Rename / note button whole at 1280 to 1600 px, and fits a phone."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.backend.upload_files import blobs_csv
from tests.browser.browser_steps import open_editor
from tests.browser.written_run import (
    DIGITS_MLP,
    DIGITS_SETTINGS,
    finished_events,
    owner_of,
    write_run,
)
from torchcanvas.store.run_labels import RunLabels
from torchcanvas.training.events import EndEvent, Metrics

TITLE = "machines.csv"
FAILED_WHY = "The loss became NaN at epoch 2: lower the learning rate (try 1e-3)."


def _upload(page: Page, server_url: str, seed: int) -> str:
    """One upload of the same file, as the review's practitioner made twice."""
    reply = page.request.post(
        f"{server_url}/api/datasets",
        multipart={
            "file": {"name": TITLE, "mimeType": "text/csv", "buffer": blobs_csv(seed=seed)},
            "target": "species",
        },
        headers={"Origin": server_url},
    )
    assert reply.ok, reply.text()
    return str(reply.json()["id"])


def _many_runs(page: Page, server_url: str, data: Path) -> dict[str, str]:
    """Twenty runs of this browser, some with long names and notes, a third on each upload;
    the ids of the ones the tests look for."""
    owner = owner_of(page, server_url)
    uploads = [_upload(page, server_url, 1), _upload(page, server_url, 2)]
    found: dict[str, str] = {"upload_a": uploads[0], "upload_b": uploads[1]}
    for i in range(20):
        upload = uploads[i % 2] if i % 3 == 0 else None
        training = DIGITS_SETTINGS.model_copy(
            update={"lr": (1e-3, 1e-2)[i % 2], **({"dataset": upload} if upload else {})}
        )
        name = f"try {i} with a wider hidden layer and dropout" if i % 4 else f"try {i}"
        note = "Stopped early: validation loss went up after epoch 2." if i % 5 == 0 else None
        title = TITLE if upload else "Handwritten digits (8×8)"
        events, error = finished_events(3), None
        if i == 1:
            events, error = (
                [EndEvent(status="failed", message=FAILED_WHY, metrics=Metrics())],
                FAILED_WHY,
            )
        if i == 10:
            name, note = "baseline lr 1e-3", "the first try"
        if i == 13:
            name, note = "second baseline", "Same as baseline, but sample_id dropped."
        run_id = write_run(
            data, owner, DIGITS_MLP, training, events, RunLabels(name=name, note=note), title, error
        )
        found.setdefault(f"run_{i}", run_id)
    return found


def _rows(page: Page) -> list[str]:
    rows = page.get_by_test_id("runs-table").locator("tbody tr[data-testid^='run-row-']")
    return [str(r.get_attribute("data-testid")).removeprefix("run-row-") for r in rows.all()]


def test_the_search_box_finds_runs_by_name_note_id_and_dataset(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    runs = _many_runs(page, server_url, server_data)
    page.goto(f"{server_url}/runs")
    expect(page.get_by_test_id("runs-shown")).to_have_text("20 runs")
    search = page.get_by_test_id("runs-search")

    search.fill("BASELINE LR 1e-3")  # as a person types it: case does not matter
    expect(page.get_by_test_id(f"run-row-{runs['run_0']}")).to_have_count(0)
    assert _rows(page) == [runs["run_10"]]
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 run found by “BASELINE LR 1e-3”")
    assert "q=BASELINE+LR+1e-3" in page.url
    screenshot("runs-search-name")

    page.reload()  # the address keeps it, and the box shows it
    expect(search).to_have_value("BASELINE LR 1e-3")
    expect(page.get_by_test_id(f"run-row-{runs['run_10']}")).to_be_visible()
    assert _rows(page) == [runs["run_10"]]

    search.fill("sample_id dropped")  # a note; _ is a letter, not a wildcard
    expect(page.get_by_test_id(f"run-row-{runs['run_10']}")).to_have_count(0)
    assert _rows(page) == [runs["run_13"]]

    search.fill(runs["run_4"][:5])  # an id by its start
    expect(page.get_by_test_id(f"run-row-{runs['run_4']}")).to_be_visible()
    assert _rows(page) == [runs["run_4"]]

    # The dataset's title, with the status filter: the failed run is on digits, not machines.
    search.fill("machines")
    expect(page.get_by_test_id("runs-shown")).to_have_text("7 runs found by “machines”")
    page.get_by_test_id("filter-status").select_option("failed")
    expect(page.get_by_test_id("runs-none-match")).to_contain_text(
        "No failed runs found by “machines” match these filters."
    )
    search.fill("handwritten")
    expect(page.get_by_test_id(f"run-row-{runs['run_1']}")).to_be_visible()
    assert _rows(page) == [runs["run_1"]]
    expect(page.get_by_test_id("runs-shown")).to_have_text("1 failed run found by “handwritten”")
    assert "status=failed" in page.url and "q=handwritten" in page.url

    search.fill("nothing like this")
    expect(page.get_by_test_id("runs-none-match")).to_contain_text("found by “nothing like this”")
    screenshot("runs-search-none")
    page.get_by_test_id("runs-none-show-all").click()  # every filter off, the search too
    expect(search).to_have_value("")
    expect(page.get_by_test_id("runs-shown")).to_have_text("20 runs")
    assert "q=" not in page.url


def _lines(page: Page, selector: str) -> int:
    """How many lines the element's first text takes on the screen (a button's visually hidden
    words after it left out)."""
    return int(
        page.locator(selector).first.evaluate(
            """(el) => { const range = document.createRange(); range.selectNodeContents(el.firstChild);
              return new Set([...range.getClientRects()].filter((r) => r.width > 0)
                .map((r) => Math.round(r.top))).size; }"""
        )
    )


def test_two_uploads_of_one_file_are_told_apart_and_one_is_renamed(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    runs = _many_runs(page, server_url, server_data)
    first, second = runs["upload_a"], runs["upload_b"]
    on_first, on_second = runs["run_0"], runs["run_3"]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server_url}/runs")
    cell = page.get_by_test_id(f"run-row-{on_first}").locator(".runs-dataset")
    expect(cell).to_have_text(f"{TITLE} · {first[7:13]}")
    expect(page.get_by_test_id(f"run-row-{on_second}").locator(".runs-dataset")).to_have_text(
        f"{TITLE} · {second[7:13]}"
    )
    options = page.get_by_test_id("filter-dataset").locator("option")
    expect(options).to_have_count(4)
    assert sorted(options.all_inner_texts()) == sorted(
        [
            "Any dataset",
            "Handwritten digits (8×8)",
            f"{TITLE} · {first[7:13]}",
            f"{TITLE} · {second[7:13]}",
        ]
    )

    # In the editor, the first upload is renamed where it is chosen.
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option(first)
    expect(page.get_by_test_id("dataset-select").locator(f'option[value="{first}"]')).to_have_text(
        f"{TITLE} · {first[7:13]}"
    )
    page.get_by_test_id("rename-dataset").click()
    title = page.get_by_test_id("rename-dataset-title")
    expect(title).to_have_value(TITLE)
    expect(title).to_be_focused()
    title.fill("mach\u202eines")  # a hidden character: refused, saying where
    page.get_by_test_id("rename-dataset-save").click()
    expect(page.get_by_test_id("rename-dataset-error")).to_contain_text("title:")
    expect(page.get_by_test_id("rename-dataset-error")).to_contain_text("U+202E at position 5")
    title.fill("   ")
    expect(page.get_by_test_id("rename-dataset-save")).to_be_disabled()
    title.fill("machines, cleaned")
    screenshot("editor-rename-upload")
    page.get_by_test_id("rename-dataset-save").click()
    expect(page.get_by_test_id("rename-dataset-title")).to_have_count(0)
    select = page.get_by_test_id("dataset-select")
    expect(select.locator(f'option[value="{first}"]')).to_have_text("machines, cleaned")
    expect(select.locator(f'option[value="{second}"]')).to_have_text(TITLE)  # no twin now
    expect(select).to_have_value(first)
    screenshot("editor-renamed-upload")
    page.reload()  # kept by the server
    page.get_by_test_id("dataset-select").select_option(first)
    expect(select.locator(f'option[value="{first}"]')).to_have_text("machines, cleaned")

    page.goto(f"{server_url}/runs")
    expect(cell).to_have_text("machines, cleaned")
    expect(page.get_by_test_id(f"run-row-{on_second}").locator(".runs-dataset")).to_have_text(TITLE)
    expect(options.filter(has_text="machines, cleaned")).to_have_count(1)
    assert sorted(options.all_inner_texts()) == sorted(
        ["Any dataset", "Handwritten digits (8×8)", TITLE, "machines, cleaned"]
    )
    page.get_by_test_id("filter-dataset").select_option(first)
    expect(page.get_by_test_id("runs-shown")).to_have_text("4 runs on machines, cleaned")
    page.get_by_test_id("runs-search").fill("cleaned")
    expect(page.get_by_test_id("runs-shown")).to_have_text(
        "4 runs on machines, cleaned found by “cleaned”"
    )
    screenshot("runs-renamed-upload")


def test_file_names_and_rename_stay_whole_from_1280_to_1600_px_and_fit_a_phone(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    runs = _many_runs(page, server_url, server_data)
    on_upload = runs["run_0"]
    for width in (1280, 1400, 1600, 1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{server_url}/runs")
        row = page.get_by_test_id(f"run-row-{on_upload}")
        expect(row).to_be_visible()
        # The file's name on one line: no "machines.cs / v".
        name_lines = row.locator(".runs-dataset").evaluate(
            """(cell) => { const range = document.createRange(); range.selectNodeContents(cell.firstChild);
              return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; }"""
        )
        assert name_lines == 1, (width, name_lines)
        # Nor could it break mid-word where the table is tighter: it breaks at its spaces, _ and -.
        wrap = row.locator(".runs-dataset").evaluate(
            "(cell) => getComputedStyle(cell).overflowWrap"
        )
        assert wrap == "break-word", (width, wrap)
        if width >= 1280:  # room for Rename / note on one line (1024 keeps two small ones)
            rename = f"[data-testid='run-edit-{on_upload}']"
            assert _lines(page, rename) == 1, width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        if width == 390:
            scroller = page.locator(".runs-table-scroll")
            assert scroller.evaluate("(s) => s.scrollWidth <= s.clientWidth"), "scrolls sideways"
        screenshot(f"runs-table-{width}")
