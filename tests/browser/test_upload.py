"""Upload a CSV in the browser, look at its preview, and train a small network on it."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.upload_files import blobs_csv
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import add_layer, open_editor, set_param


def test_upload_a_csv_preview_it_and_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "flowers.csv", "mimeType": "text/csv", "buffer": blobs_csv()}
    )
    # The header is read in the browser: the target picker offers its columns.
    target = page.get_by_test_id("upload-target")
    expect(target.locator("option")).to_have_text(["f1", "f2", "species", "f3", "f4"])
    expect(target).to_have_value("f4")  # no column named label/target/class/y: the last
    target.select_option("species")
    page.get_by_test_id("upload-val-fraction").fill("0.25")
    # Sent from the keyboard: the button, disabled while the file goes, let the focus fall to the
    # page's top; it goes to what the upload became (an audit).
    page.get_by_test_id("upload-button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("upload-done")).to_be_focused()

    # The upload is selected, the input shape follows it, and its preview shows rows and counts.
    expect(page.get_by_test_id("dataset-select")).to_have_value(
        re.compile(r"^upload-[0-9a-f]{12}$")
    )
    expect(page.get_by_test_id("shape-input")).to_have_text("(4)")
    # 180 training rows take 10 epochs of 64 as 30 steps: the upload suggests 85 of 32 (510).
    expect(page.get_by_test_id("epochs-input")).to_have_value("85")
    expect(page.get_by_test_id("batch-size-input")).to_have_value("32")
    expect(page.get_by_test_id("steps-note")).to_have_text(
        "Epochs set to 85 and batch size to 32, a starting point for flowers.csv: "
        "train on if its loss still falls."
    )
    page.get_by_test_id("dataset-preview").locator("summary").click()
    expect(page.get_by_test_id("preview-shapes")).to_have_text("x (180, 4), y (180)")
    expect(page.get_by_test_id("class-counts").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("class-counts")).to_contain_text("virginica")
    expect(page.get_by_test_id("preview-rows").locator("thead th")).to_have_text(
        ["f1", "f2", "species", "f3", "f4"]
    )
    expect(page.get_by_test_id("preview-rows").locator("tbody tr")).to_have_count(10)
    screenshot("upload-preview")

    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "16")
    add_layer(page, "ReLU")
    add_layer(page, "Linear")
    set_param(page, "fc2", "out_features", "3")
    expect(page.get_by_test_id("shape-fc2")).to_have_text("(3)")
    page.get_by_test_id("epochs-input").fill("15")
    page.get_by_test_id("batch-size-input").fill("16")
    page.get_by_test_id("lr-input").fill("0.01")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    accuracy = float((page.get_by_test_id("accuracy-value").text_content() or "0").rstrip("%"))
    assert accuracy > 90
    screenshot("upload-trained")


def test_the_target_defaults_to_the_label_column(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    text = b"x1,Label,x2\n0.1,cat,2\n0.3,dog,1\n"
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "pets.csv", "mimeType": "text/csv", "buffer": text}
    )
    expect(page.get_by_test_id("upload-target")).to_have_value("Label")


def test_a_quoted_column_name_with_a_comma_is_one_target(page: Page, server_url: str) -> None:
    """ "weight, kg" was offered as two columns, '"weight' and 'kg"', and choosing either got a 422."""
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    rows = "".join(f"{i % 7},{i % 5 + 0.5}\n" for i in range(20))
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "w.csv", "mimeType": "text/csv", "buffer": f'height,"weight, kg"\n{rows}'.encode()}
    )
    target = page.get_by_test_id("upload-target")
    expect(target.locator("option")).to_have_text(["height", "weight, kg"])
    target.select_option("weight, kg")
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("dataset-select")).to_have_value(
        re.compile(r"^upload-[0-9a-f]{12}$")
    )


def test_a_bad_upload_says_what_is_wrong(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": b"a,b,y\n1,2,0\n3,4\n5,6,1\n"}
    )
    page.get_by_test_id("upload-target").select_option("y")
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("upload-error")).to_have_text(
        "Line 3 has 2 values but the header has 3 columns: every line needs one value per column "
        "(look for a missing or extra comma)."
    )
    expect(page.get_by_test_id("upload-error")).to_be_focused()


def test_an_upload_can_be_deleted_after_a_second_click(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "doomed.csv", "mimeType": "text/csv", "buffer": blobs_csv(seed=9)}
    )
    page.get_by_test_id("upload-target").select_option("species")
    page.get_by_test_id("upload-button").click()
    select = page.get_by_test_id("dataset-select")
    expect(select).to_have_value(re.compile(r"^upload-[0-9a-f]{12}$"))
    upload_id = select.input_value()

    page.get_by_test_id("delete-dataset").click()
    expect(page.get_by_test_id("delete-dataset-confirm")).to_contain_text(
        "Runs that trained on it keep their weights and results."
    )
    screenshot("upload-delete-confirm")
    page.get_by_test_id("delete-dataset-no").click()  # changed my mind: nothing happens
    expect(select).to_have_value(upload_id)

    page.get_by_test_id("delete-dataset").click()
    page.get_by_test_id("delete-dataset-yes").click()
    expect(select).to_have_value("digits")
    expect(select.locator(f'option[value="{upload_id}"]')).to_have_count(0)
    expect(page.get_by_test_id("delete-dataset")).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()
    expect(
        page.get_by_test_id("dataset-select").locator(f'option[value="{upload_id}"]')
    ).to_have_count(0)
    assert api_of(page).get(f"{server_url}/api/datasets/{upload_id}").status == 404


def test_two_uploads_of_one_file_read_apart_in_the_picker(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    file = {"name": "twice.csv", "mimeType": "text/csv", "buffer": blobs_csv(seed=4)}
    ids = []
    for _ in range(2):
        upload = api_of(page).post("/api/datasets", multipart={"file": file, "target": "species"})
        assert upload.status == 201, upload.text()
        ids.append(upload.json()["id"])
    page.reload()
    select = page.get_by_test_id("dataset-select")
    for upload_id in ids:
        # The server's title stays the file's name; the picker adds the id's start beside it.
        expect(select.locator(f'option[value="{upload_id}"]')).to_have_text(
            f"twice.csv · {upload_id.removeprefix('upload-')[:6]}"
        )
    select.select_option(ids[1])
    screenshot("upload-twice")
    for upload_id in ids:
        assert api_of(page).delete(f"/api/datasets/{upload_id}").ok


def test_a_wide_tables_preview_scrolls_in_its_box_not_the_page(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """A 600-column CSV's preview made the page about 100,000 px wide, on a desktop and a phone."""
    header = ",".join([*(f"feature_{i}" for i in range(600)), "label"])
    rows = [",".join([*(f"{(r * i) % 7}.5" for i in range(600)), str(r % 2)]) for r in range(40)]
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "wide.csv", "mimeType": "text/csv", "buffer": "\n".join([header, *rows]).encode()}
    )
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("shape-input")).to_have_text("(600)")
    page.get_by_test_id("dataset-preview").locator("summary").click()
    table = page.get_by_test_id("preview-rows")
    expect(table.locator("thead th")).to_have_count(601)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        scroller = page.locator(".sample-rows")
        sizes = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert sizes[0] > sizes[1] > 0, sizes  # the table scrolls inside its box
    table.scroll_into_view_if_needed()
    screenshot("upload-preview-wide-phone")


def test_one_file_uploaded_for_two_targets_names_each_target_in_the_picker(
    page: Page, server_url: str
) -> None:
    """The two read "wines.csv · 3f9a0c" and "wines.csv · b71e22": which was which took opening
    each one's preview (a new user's walkthrough)."""
    open_editor(page, server_url)
    text = b"acid,sugar,kind\n" + b"".join(
        b"%d.%d,%d,%d\n" % (i % 7, i % 10, i % 5, i % 2) for i in range(40)
    )
    file = {"name": "wines.csv", "mimeType": "text/csv", "buffer": text}
    ids = {}
    for target in ("kind", "sugar"):
        upload = api_of(page).post("/api/datasets", multipart={"file": file, "target": target})
        assert upload.status == 201, upload.text()
        ids[target] = upload.json()["id"]
    page.reload()
    select = page.get_by_test_id("dataset-select")
    for target, upload_id in ids.items():
        expect(select.locator(f'option[value="{upload_id}"]')).to_have_text(
            f"wines.csv (target: {target}) · {upload_id.removeprefix('upload-')[:6]}"
        )
    for upload_id in ids.values():
        assert api_of(page).delete(f"/api/datasets/{upload_id}").ok
