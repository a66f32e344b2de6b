"""The upload form's numbers: each says the server's range under it, and Upload waits for them."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, Route, expect

from tests.backend.upload_files import blobs_csv, shapes_zip
from tests.browser.browser_steps import PHONE, cut_selects, open_editor


def open_upload(page: Page, server_url: str, name: str, data: bytes) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )


def test_each_number_out_of_range_says_why_and_stops_upload(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_upload(page, server_url, "shapes.zip", shapes_zip(per_class=4))
    upload = page.get_by_test_id("upload-button")
    reason = page.get_by_test_id("upload-disabled-reason")
    expect(upload).to_be_enabled()
    # A ZIP's pictures start as Make an image dataset makes them, and the form says what they
    # become (colour photos were made grey 28×28 unseen).
    becomes = page.get_by_test_id("upload-zip-becomes")
    expect(page.get_by_test_id("upload-image-size")).to_have_value("32")
    expect(page.get_by_test_id("upload-color")).to_have_value("rgb")
    expect(becomes).to_have_text(
        "Each picture becomes colour, 32×32: the network takes (3, 32, 32)."
    )
    page.get_by_test_id("upload-color").select_option("grayscale")
    expect(becomes).to_have_text("Each picture becomes grey, 32×32: the network takes (1, 32, 32).")

    # UploadOptions on the server: 0.05 <= val_fraction <= 0.5, 4 <= image_size <= 128.
    share = page.get_by_test_id("upload-val-fraction")
    for typed, wrong in (("0.7", "too large"), ("0.01", "too small")):
        share.fill(typed)
        expect(page.get_by_test_id("upload-val-fraction-error")).to_have_text(
            f"{typed} is {wrong}; use a number from 0.05 to 0.5."
        )
        expect(upload).to_be_disabled()
        expect(reason).to_have_text(
            f"Validation share: {typed} is {wrong}; use a number from 0.05 to 0.5."
        )
    share.fill("")
    expect(reason).to_have_text("Validation share: Enter a number from 0.05 to 0.5.")
    share.fill("0.25")
    expect(page.get_by_test_id("upload-val-fraction-error")).to_have_count(0)
    expect(upload).to_be_enabled()

    size = page.get_by_test_id("upload-image-size")
    for typed, wrong in (
        ("200", "is too large"),
        ("3", "is too small"),
        ("12.5", "is not a whole number"),
    ):
        size.fill(typed)
        expect(page.get_by_test_id("upload-image-size-error")).to_have_text(
            f"{typed} {wrong}; use a whole number from 4 to 128."
        )
        expect(upload).to_be_disabled()
        expect(reason).to_have_text(
            f"Image size: {typed} {wrong}; use a whole number from 4 to 128."
        )
    screenshot("upload-form-out-of-range")
    size.fill("12")
    expect(reason).to_have_count(0)
    upload.click()
    expect(page.get_by_test_id("dataset-select")).to_have_value(
        re.compile(r"^upload-[0-9a-f]{12}$")
    )
    expect(page.get_by_test_id("shape-input")).to_have_text("(1, 12, 12)")
    page.get_by_test_id("dataset-preview").locator("summary").click()
    expect(page.get_by_test_id("preview-pictures")).to_have_text(": each picture grey, 12×12")


def test_a_field_that_goes_away_stops_upload_no_more(page: Page, server_url: str) -> None:
    open_upload(page, server_url, "shapes.zip", shapes_zip(per_class=4))
    page.get_by_test_id("upload-image-size").fill("1000")
    expect(page.get_by_test_id("upload-button")).to_be_disabled()
    # A CSV has no image size: its problem goes with the field.
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "flowers.csv", "mimeType": "text/csv", "buffer": blobs_csv(rows=60)}
    )
    expect(page.get_by_test_id("upload-image-size")).to_have_count(0)
    expect(page.get_by_test_id("upload-button")).to_be_enabled()
    expect(page.get_by_test_id("upload-disabled-reason")).to_have_count(0)


def test_the_limits_are_the_servers_and_it_refuses_what_they_let_through(
    page: Page, server_url: str
) -> None:
    """The catalogue is answered with other limits: the form follows them, so it has none written
    in, and a share the server refuses comes back as its message, naming the field and the range."""

    def other_limits(route: Route) -> None:
        catalog = route.fetch().json()
        catalog["upload_bounds"]["val_fraction"]["max"] = 0.9
        catalog["upload_bounds"]["image_size"]["max"] = 64
        route.fulfill(json=catalog)

    page.route("**/api/catalog", other_limits)
    open_upload(page, server_url, "shapes.zip", shapes_zip(per_class=4))
    page.get_by_test_id("upload-image-size").fill("100")
    expect(page.get_by_test_id("upload-image-size-error")).to_have_text(
        "100 is too large; use a whole number from 4 to 64."
    )
    page.get_by_test_id("upload-image-size").fill("16")
    page.get_by_test_id("upload-val-fraction").fill("0.8")
    expect(page.get_by_test_id("upload-val-fraction-error")).to_have_count(0)
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("upload-error")).to_have_text(
        "val_fraction 0.8 is out of range: choose a number from 0.05 to 0.5 "
        "(the share of samples kept for validation)."
    )


def test_a_phone_reads_every_choice_of_the_form_whole(page: Page, server_url: str) -> None:
    """At 390 px the Task choice read 'guess from the ta': a choice keeps its width, and the
    number beside it takes what is left."""
    page.set_viewport_size(PHONE)
    open_upload(page, server_url, "shapes.zip", shapes_zip(per_class=4))
    form = page.get_by_test_id("dataset-upload")
    expect(page.get_by_test_id("upload-color")).to_be_visible()
    assert cut_selects(form) == []
    # Every label of the form is one line ('Validation share' broke in two beside the Task).
    labels = form.locator(".field > span, .field > label")
    heights = [box["height"] for box in (label.bounding_box() for label in labels.all()) if box]
    assert len(heights) == 4 and max(heights) < 1.5 * min(heights), heights
    page.get_by_test_id("upload-color").select_option("rgb")
    assert cut_selects(form) == []
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "flowers.csv", "mimeType": "text/csv", "buffer": blobs_csv(rows=20)}
    )
    expect(page.get_by_test_id("upload-target")).to_have_value("f4")
    assert cut_selects(form) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("make-dataset").click()
    dialog = page.get_by_test_id("make-dialog")
    expect(dialog).to_be_visible()
    assert cut_selects(dialog) == []  # its picture size and colour read '32×3' and 'colou'
