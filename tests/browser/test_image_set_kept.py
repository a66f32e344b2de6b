"""The image dataset being made is kept: through another page and back, a reload, and a Create,
after which pictures are added and the dataset made again; Start a new dataset removes it. Two
tabs show the one kept draft: neither loses the other's pictures."""

import re
from pathlib import Path

import numpy as np
from PIL import Image
from playwright.sync_api import Page, Route, expect

from tests.browser.browser_steps import click_until_shown, open_editor
from tests.browser.test_make_dataset import shoot


def png_files(folder: Path, count: int, level: int) -> list[Path]:
    """PNG files of noise around one grey level, written with PIL."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(level)
    paths = []
    for i in range(count):
        pixels = np.clip(rng.normal(level, 20, (24, 24, 3)), 0, 255).astype(np.uint8)
        path = folder / f"{level}-{i + 1}.png"
        Image.fromarray(pixels).save(path)
        paths.append(path)
    return paths


def open_dialog(page: Page) -> None:
    click_until_shown(page.get_by_test_id("make-dataset"), page.get_by_test_id("make-dialog"))


def expect_draft(page: Page, name: str, classes: list[tuple[str, str]]) -> None:
    """The dialog holds this name, and these classes with their counts, thumbnails drawn."""
    expect(page.get_by_test_id("make-name")).to_have_value(name)
    for position, (class_name, count) in enumerate(classes, start=1):
        expect(page.get_by_test_id(f"class-name-{position}")).to_have_value(class_name)
        expect(page.get_by_test_id(f"class-count-{position}")).to_have_text(count)
    expect(page.get_by_test_id(f"class-name-{len(classes) + 1}")).to_have_count(0)
    drawn = page.get_by_test_id("class-pictures-1").locator("img").first
    expect(drawn).to_have_js_property("complete", True)
    assert drawn.evaluate("img => img.naturalWidth") > 0


def kept(page: Page) -> None:
    """Waits until every change is written to the browser's storage."""
    expect(page.get_by_test_id("make-kept")).to_have_attribute("data-pending", "0")


def test_the_pictures_are_kept_through_pages_a_reload_and_create(
    page: Page, server_url: str, tmp_path: Path
) -> None:
    open_editor(page, server_url)
    open_dialog(page)
    page.get_by_test_id("make-name").fill("hands")
    page.get_by_test_id("class-name-1").fill("fist")
    page.get_by_test_id("class-files-1").set_input_files(png_files(tmp_path, 3, level=40))
    page.get_by_test_id("class-name-2").fill("palm")
    page.get_by_test_id("class-files-2").set_input_files(png_files(tmp_path, 2, level=200))
    expect(page.get_by_test_id("class-count-2")).to_have_text("2 pictures")
    kept(page)
    page.get_by_test_id("make-cancel").click()

    # To the runs page (a page of its own) and back.
    page.get_by_test_id("runs-link").click()
    expect(page).to_have_url(re.compile(r"/runs$"))
    page.go_back()
    open_dialog(page)
    expect_draft(page, "hands", [("fist", "3 pictures"), ("palm", "2 pictures")])

    page.reload()
    open_dialog(page)
    expect_draft(page, "hands", [("fist", "3 pictures"), ("palm", "2 pictures")])
    expect(page.get_by_test_id("make-kept")).to_contain_text(
        "kept in this browser, through a reload or another page, until you start a new dataset"
    )

    page.get_by_test_id("make-create").click()
    expect(page.get_by_test_id("make-dialog")).to_be_hidden()
    chosen = page.get_by_test_id("dataset-select").locator("option:checked")
    expect(chosen).to_have_text("hands")

    # Made, the pictures stay, under a next name, to add to and make again.
    open_dialog(page)
    expect_draft(page, "hands 2", [("fist", "3 pictures"), ("palm", "2 pictures")])
    expect(page.get_by_test_id("make-kept")).to_contain_text(
        "hands was made of 5 pictures. They stay here: add pictures and create hands 2 beside "
        "it, or start a new dataset."
    )
    page.get_by_test_id("class-files-2").set_input_files(png_files(tmp_path, 1, level=220))
    expect(page.get_by_test_id("class-count-2")).to_have_text("3 pictures")
    shoot(page, "kept")
    page.get_by_test_id("make-create").click()
    expect(page.get_by_test_id("make-dialog")).to_be_hidden()
    expect(chosen).to_have_text("hands 2")

    # Start a new dataset asks, then empties the dialog, here and after a reload.
    open_dialog(page)
    page.get_by_test_id("make-start-over").click()
    shoot(page, "start-over")
    page.get_by_test_id("make-start-over-yes").click()
    expect(page.get_by_test_id("class-count-1")).to_have_text("0 pictures")
    expect(page.get_by_test_id("make-name")).to_have_value("")
    kept(page)
    page.reload()
    open_dialog(page)
    expect(page.get_by_test_id("make-name")).to_have_value("")
    expect(page.get_by_test_id("class-name-1")).to_have_value("Class 1")
    expect(page.get_by_test_id("class-count-1")).to_have_text("0 pictures")
    expect(page.get_by_test_id("class-count-2")).to_have_text("0 pictures")


def test_pictures_past_what_is_kept_make_leaving_ask_first(
    page: Page, server_url: str, tmp_path: Path
) -> None:
    """With a limit of 2 files, a third picture is held only in memory: a reload asks first."""

    def two_files(route: Route) -> None:
        catalog = route.fetch().json()
        catalog["upload_limits"]["max_files"] = 2
        route.fulfill(json=catalog)

    page.route("**/api/catalog", two_files)
    open_editor(page, server_url)
    open_dialog(page)
    page.get_by_test_id("class-files-1").set_input_files(png_files(tmp_path, 3, level=90))
    expect(page.get_by_test_id("class-count-1")).to_have_text("3 pictures")
    kept(page)
    expect(page.get_by_test_id("make-kept")).to_contain_text(
        "1 picture past the limits of one upload is held only until the page is reloaded or closed."
    )
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.reload()
    assert asked == ["beforeunload"]
    open_dialog(page)
    expect(page.get_by_test_id("class-count-1")).to_have_text("2 pictures")


def expect_counts(page: Page, counts: list[str]) -> None:
    for position, count in enumerate(counts, start=1):
        expect(page.get_by_test_id(f"class-count-{position}")).to_have_text(count)


def test_two_tabs_keep_each_others_pictures(page: Page, server_url: str, tmp_path: Path) -> None:
    """A adds to class 1, B to class 2: each tab shows both, and so does A after a reload; B
    starting over empties A's dialog too."""
    other = page.context.new_page()
    for tab in (page, other):
        open_editor(tab, server_url)
        open_dialog(tab)
    page.get_by_test_id("class-files-1").set_input_files(png_files(tmp_path, 3, level=40))
    kept(page)
    expect_counts(other, ["3 pictures", "0 pictures"])
    other.get_by_test_id("class-files-2").set_input_files(png_files(tmp_path, 2, level=200))
    kept(other)
    expect_counts(page, ["3 pictures", "2 pictures"])

    page.reload()
    open_dialog(page)
    expect_counts(page, ["3 pictures", "2 pictures"])

    other.get_by_test_id("make-start-over").click()
    other.get_by_test_id("make-start-over-yes").click()
    kept(other)
    expect_counts(page, ["0 pictures", "0 pictures"])
    page.reload()
    open_dialog(page)
    expect_counts(page, ["0 pictures", "0 pictures"])
    other.close()


def test_a_tab_that_was_not_told_still_keeps_the_others_pictures(
    page: Page, server_url: str, tmp_path: Path
) -> None:
    """B has no BroadcastChannel, so shows A's pictures only after a reload; its own change
    still adds to the kept draft as it is, never writing back the stale draft it shows."""
    other = page.context.new_page()
    other.add_init_script("delete window.BroadcastChannel;")
    for tab in (page, other):
        open_editor(tab, server_url)
        open_dialog(tab)
    page.get_by_test_id("class-files-1").set_input_files(png_files(tmp_path, 3, level=40))
    kept(page)
    other.get_by_test_id("class-files-2").set_input_files(png_files(tmp_path, 2, level=200))
    kept(other)
    expect_counts(other, ["0 pictures", "2 pictures"])
    other.reload()
    open_dialog(other)
    expect_counts(other, ["3 pictures", "2 pictures"])
    other.close()


def test_storage_that_never_opens_says_nothing_is_kept(page: Page, server_url: str) -> None:
    """An IndexedDB that never answers (as when another tab blocks it) stops the wait after 3 s;
    the dialog then says only that nothing is kept."""
    page.add_init_script("indexedDB.open = () => ({});")
    open_editor(page, server_url)
    open_dialog(page)
    note = page.get_by_test_id("make-kept")
    expect(note).to_contain_text(
        "This browser cannot keep the classes and their pictures (its storage did not open "
        "within 3 s): a reload or closing the tab loses them.",
        timeout=8000,
    )
    expect(note).not_to_contain_text("kept in this browser")
    expect(page.get_by_test_id("class-count-1")).to_have_text("0 pictures")
