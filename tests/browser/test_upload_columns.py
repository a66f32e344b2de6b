"""The upload form's CSV columns: a file saved by pandas and Excel, its ID and its dates ticked to
leave out (and why), the columns with no name said, and what the upload left out said after it."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import serious_violations
from tests.browser.browser_steps import PHONE
from tests.browser.test_upload_form import open_upload


def shop_csv() -> bytes:
    """As `df.to_csv(path)` writes a table (its row numbers first, under no name), with the
    empty last column Excel adds when it saves it again."""
    rows = "".join(
        f"{i},C{1000 + i},2024-01-{i % 28 + 1:02},{i % 5 * 0.5},{i % 3},{'ab'[i % 2]},\n"
        for i in range(40)
    )
    return f",customer_id,signed,spend,visits,label,\n{rows}".encode()


def test_an_id_and_dates_are_ticked_to_leave_out_and_the_upload_says_what_it_left_out(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_upload(page, server_url, "shop.csv", shop_csv())
    target = page.get_by_test_id("upload-target")
    # The nameless index and the empty last column are no target.
    expect(target.locator("option")).to_have_text(
        ["customer_id", "signed", "spend", "visits", "label"]
    )
    expect(target).to_have_value("label")
    leave_out = page.get_by_test_id("upload-leave-out")
    boxes = {
        name: leave_out.get_by_role("checkbox", name=name, exact=True)
        for name in ("customer_id", "signed", "spend", "visits")
    }
    expect(leave_out.locator("li")).to_have_text(
        [
            "customer_idits name says it is an ID",
            "signedit holds text ('2024-01-01'), and a feature must be a number",
            "spend",
            "visits",
        ]
    )
    for name, ticked in (("customer_id", True), ("signed", True), ("spend", False)):
        expect(boxes[name]).to_be_checked(checked=ticked)
    expect(leave_out.get_by_test_id("upload-nameless")).to_have_text(
        [
            "Column 1 has no name and numbers the rows: it is left out as an index.",
            "Column 7 has no name and is empty: it is left out.",
        ]
    )
    screenshot("upload-leave-out")
    assert serious_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []
    expect(boxes["customer_id"]).to_have_accessible_description("its name says it is an ID")

    # The target is never left out: choosing a ticked column unticks it, and it leaves the list.
    target.select_option("signed")
    expect(leave_out.get_by_role("checkbox", name="signed", exact=True)).to_have_count(0)
    target.select_option("label")
    expect(boxes["signed"]).not_to_be_checked()

    # Every feature left out: Upload waits, and says why.
    for name in ("signed", "spend", "visits"):
        boxes[name].check()
    upload = page.get_by_test_id("upload-button")
    expect(upload).to_be_disabled()
    reason = page.get_by_test_id("upload-disabled-reason")
    expect(reason).to_have_text(
        "Leave out: every column but the target label is ticked; untick one to learn from."
    )
    expect(reason.locator("code")).to_have_text("label")
    boxes["visits"].uncheck()

    # Dates left in as a feature: the server would refuse them, so Upload waits, saying why at
    # once, and the column's own note says it is refused.
    boxes["signed"].uncheck()
    expect(upload).to_be_disabled()
    expect(reason).to_have_text(
        "Leave out: signed holds text, and a feature must be a number: tick it to leave it out, "
        "or choose it as the target."
    )
    expect(reason.locator("code")).to_have_text("signed")
    expect(leave_out.get_by_test_id("leave-out-why-signed")).to_have_text(
        "left in, refused: it holds text ('2024-01-01'), and a feature must be a number"
    )
    expect(boxes["signed"]).to_have_attribute("aria-invalid", "true")
    screenshot("upload-leave-out-refused")
    boxes["signed"].check()
    upload.click()
    expect(page.get_by_test_id("dataset-select")).to_have_value(
        re.compile(r"^upload-[0-9a-f]{12}$")
    )
    expect(page.get_by_test_id("shape-input")).to_have_text("(1)")  # visits, alone
    done = page.get_by_test_id("upload-done")
    expect(done).to_have_text(
        "Uploaded CSV, 40 rows, target label (2 classes); features standardised. Left out: "
        "column 1 (no name; row numbers, an index), customer_id (chosen), signed (chosen), "
        "spend (chosen), column 7 (no name; empty)."
    )
    expect(done.locator("code")).to_have_text(["label", "customer_id", "signed", "spend"])
    page.get_by_test_id("dataset-preview").locator("summary").click()
    expect(page.get_by_test_id("preview-rows").locator("thead th")).to_have_text(
        ["visits", "label"]
    )
    screenshot("upload-left-out")


def test_a_nameless_column_of_data_is_said_before_and_refused_after(
    page: Page, server_url: str
) -> None:
    rows = "".join(f"{i % 4},{i * 2},{'ab'[i % 2]}\n" for i in range(10))
    open_upload(page, server_url, "odd.csv", f"a,,label\n{rows}".encode())
    expect(page.get_by_test_id("upload-target").locator("option")).to_have_text(["a", "label"])
    expect(page.get_by_test_id("upload-nameless")).to_have_text(
        "Column 2 has no name but holds '0': give it a name in the file, or the upload is refused."
    )
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("upload-error")).to_have_text(
        "Column 2 of the CSV header has no name, but it holds '0' on line 2: name it in the "
        "header's first line to read it as a feature (or leave it out), or delete the column."
    )


def test_rows_with_missing_values_are_refused_until_ticked_to_leave_out(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    rows = "".join(f"{'' if i % 6 == 3 else i},{i % 4},{'ab'[i % 2]}\n" for i in range(30))
    open_upload(page, server_url, "gaps.csv", f"size,visits,label\n{rows}".encode())
    drop_missing = page.get_by_role("checkbox", name="Leave out rows with missing values")
    expect(drop_missing).not_to_be_checked()
    hint = page.get_by_test_id("upload-missing-hint")
    expect(hint).to_have_text(
        "Some of the first rows have missing values in size: tick this to leave those rows out, "
        "or the upload is refused."
    )
    screenshot("upload-missing-hint")
    assert serious_violations(page) == []  # the hint's colour reads on the form, light and dark
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []
    screenshot("upload-missing-hint-dark")
    upload = page.get_by_test_id("upload-button")
    upload.click()
    expect(page.get_by_test_id("upload-error")).to_have_text(
        "Column size has no value on line 5 (''): fill in the missing values, or leave out the "
        "rows that have one (tick Leave out rows with missing values; through the API, "
        "missing=drop)."
    )
    drop_missing.check()
    expect(hint).to_have_count(0)
    screenshot("upload-drop-missing")
    upload.click()
    expect(page.get_by_test_id("upload-done")).to_have_text(
        "Uploaded CSV, 25 rows, target label (2 classes); features standardised. 5 rows with a "
        "missing value left out (the first on line 5)."
    )
    expect(page.get_by_test_id("shape-input")).to_have_text("(2)")  # size and visits


def test_a_phone_reads_long_column_names_and_their_reasons_whole(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size(PHONE)
    long = "recorded_at_the_branch_office_on_the_first_visit"
    rows = "".join(f"{i},X{i},{i % 3},{'ab'[i % 2]}\n" for i in range(12))
    open_upload(page, server_url, "wide.csv", f"{long}_id,{long},visits,label\n{rows}".encode())
    leave_out = page.get_by_test_id("upload-leave-out")
    expect(leave_out.get_by_role("checkbox", name=long, exact=True)).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    form = page.get_by_test_id("dataset-upload").bounding_box()
    for item in leave_out.locator("li").all():
        box = item.bounding_box()
        assert form and box and box["x"] + box["width"] <= form["x"] + form["width"]
    screenshot("upload-leave-out-phone")
