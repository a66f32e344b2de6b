"""Classify many on the model page: a ZIP of digits pictures in class folders (one of them no
picture) gives a table with the browser's thumbnails, the accuracy the server counted, a filter
for the wrong ones, a sort by confidence and the table as CSV; readable on a phone and a desktop."""

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.test_predict_picture import as_picture, png
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import train_through_page
from torchcanvas.training.data import load_split

COUNT = 12  # pictures in the ZIP, besides the broken one
# Each character of an element's text, with the top of the line it is drawn on.
_CHAR_TOPS = """function charTops(element) {
  const chars = [];  // [character, top of its line]
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      chars.push([node.data[i], Math.round(range.getBoundingClientRect().top)]);
    }
  }
  return chars;
}"""
# The runner-up entries ("9 13.7%") of the table's answers that a line break splits.
_SPLIT_ENTRIES = f"""table => {{
  {_CHAR_TOPS}
  const split = [];
  for (const rest of table.querySelectorAll(".many-rest")) {{
    const chars = charTops(rest);
    const text = chars.map(([c]) => c).join("");
    let at = text.indexOf("then ") + 5;
    for (const entry of text.slice(at).split(", ")) {{
      const tops = chars.slice(at, at + entry.length).filter(([c]) => c.trim()).map(([, t]) => t);
      if (new Set(tops).size > 1) split.push(entry);
      at += entry.length + 2;
    }}
  }}
  return split;
}}"""
# The item names a line break splits other than after a slash, with the two sides of the break.
_SPLIT_NAMES = f"""table => {{
  {_CHAR_TOPS}
  const split = [];
  for (const cell of table.querySelectorAll(".many-name")) {{
    const chars = charTops(cell);
    const text = chars.map(([c]) => c).join("");
    for (let i = 1; i < chars.length; i++) {{
      if (chars[i][1] > chars[i - 1][1] && chars[i - 1][0] !== "/") {{
        split.push(text.slice(0, i) + " | " + text.slice(i));
      }}
    }}
  }}
  return split;
}}"""


def digits_zip() -> bytes:
    split = load_split("digits")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:  # as people zip folders
        for i in range(COUNT):
            archive.writestr(f"{int(split.y_val[i])}/{i}.png", png(as_picture(split.x_val[i])))
        archive.writestr("3/broken.png", b"not a picture at all")
        # A folder that is no class of the model: answered, left out of the accuracy.
        archive.writestr("eleven/a_picture.png", png(as_picture(split.x_val[COUNT])))
    return out.getvalue()


def test_a_zip_of_digits_gives_the_table_and_the_accuracy(
    page: Page, server_url: str, tmp_path: Path, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 1})
    zipped = digits_zip()
    file = {"name": "digits.zip", "mimeType": "application/zip", "buffer": zipped}
    api = api_of(page).post(f"/api/runs/{run_id}/classify-many", multipart={"file": file}).json()
    right = round(api["accuracy"] * COUNT)

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server_url}/models/{run_id}")
    page.get_by_test_id("many-files").set_input_files(files=[file])
    expect(page.get_by_test_id("many-accuracy")).to_have_text(
        f"Accuracy {api['accuracy'] * 100:.1f}%: {right} of {COUNT} labelled items right "
        f"({COUNT + 2} items, 1 not read). 1 item labelled “eleven” is left out: the model's "
        "classes are 0, 1, 2, 3, 4, 5, 6, 7, 8, 9."
    )
    rows = page.get_by_test_id("many-row")
    expect(rows).to_have_count(COUNT + 2)
    expect(page.locator(".many-thumb")).to_have_count(COUNT + 2)  # made from the ZIP in the browser
    broken = rows.filter(has_text="3/broken.png")
    expect(broken).to_contain_text("The file cannot be read as a picture")
    expect(rows.filter(has_text="eleven/a_picture.png")).to_contain_text("not a class of the model")
    first = api["items"][0]
    expect(rows.first).to_contain_text(first["top"][0]["name"])
    expect(rows.first).to_contain_text(f"{first['top'][0]['probability'] * 100:.1f}%")
    screenshot("model-page-classify-many")
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []  # in the dark theme, where contrast is tightest
    screenshot("model-page-classify-many-dark")
    page.emulate_media(color_scheme="light")

    page.get_by_test_id("many-sort").click()  # least sure first; the unread item has none
    confidences = [i["top"][0]["probability"] for i in api["items"] if i["top"]]
    expect(rows.nth(1)).to_contain_text(f"{min(confidences) * 100:.1f}%")
    page.get_by_test_id("many-wrong-only").check()
    expect(rows).to_have_count(COUNT - right)
    expect(page.locator('[data-testid="many-row"][data-correct="true"]')).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_test_id("many-download").click()
    lines = download.value.path().read_text().splitlines()
    assert lines[0].startswith("item,label,class_1,probability_1")
    assert len(lines) == COUNT + 3 and any(re.match(r"^3/broken\.png,3,", line) for line in lines)

    page.get_by_test_id("many-wrong-only").uncheck()
    for phone in (360, 390):  # the runner-ups wrap whole, never a class from its chance
        page.set_viewport_size({"width": phone, "height": 844})
        assert page.get_by_test_id("many-table").evaluate(_SPLIT_ENTRIES) == [], phone
        # and a path after its slashes ("eleven/", "a_picture.png"), not every few letters
        assert page.get_by_test_id("many-table").evaluate(_SPLIT_NAMES) == [], phone
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page is {wide} px wide on a phone"
    page.get_by_test_id("classify-many").scroll_into_view_if_needed()
    screenshot("model-page-classify-many-phone")

    # A set over a limit is refused here, before any upload, saying which limit and by how much.
    uploads: list[str] = []
    page.on("request", lambda r: uploads.append(r.url) if "classify-many" in r.url else None)
    page.set_viewport_size({"width": 1440, "height": 900})
    error = page.get_by_test_id("many-error")
    header = ",".join(f"p{i}" for i in range(64))
    rows_csv = "\n".join([header, *[",".join(["0"] * 64)] * 503]).encode()
    csv_file = {"name": "rows.csv", "mimeType": "text/csv", "buffer": rows_csv}
    page.get_by_test_id("many-files").set_input_files(files=[csv_file])
    expect(error).to_have_text(
        "The set holds 503 rows, 3 over the limit of 500 items at once: split it into sets of "
        "at most 500."
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(501):
            archive.writestr(f"{i}.png", b"")
    zip_file = {"name": "many.zip", "mimeType": "application/zip", "buffer": out.getvalue()}
    page.get_by_test_id("many-files").set_input_files(files=[zip_file])
    expect(error).to_contain_text("The set holds 501 entries (files and folders), 1 over")
    big = tmp_path / "big.zip"
    with big.open("wb") as f:
        f.truncate(60 * 2**20)  # sparse: 60 MB on paper, nothing on disk
    page.get_by_test_id("many-files").set_input_files(files=[big])
    expect(error).to_have_text(
        "These files are 60 MiB together, 10 MiB over the limit of 50 MiB at once: send fewer, or "
        "smaller pictures (the model sees them at its own size anyway)."
    )
    screenshot("model-page-classify-many-over")
    assert uploads == []

    # Rows of scikit-learn's raw counts (0 to 16), not the 0 to 1 the model took: each is refused
    # with the fix, and the line above says none was answered (not that labels were missing).
    counts = "\n".join([header + ",label", *[",".join(["16"] * 64 + ["3"])] * 2]).encode()
    page.get_by_test_id("many-files").set_input_files(
        files=[{"name": "counts.csv", "mimeType": "text/csv", "buffer": counts}]
    )
    expect(page.get_by_test_id("many-accuracy")).to_have_text(
        "None of these 2 items could be answered: each says why below."
    )
    expect(rows.first).to_contain_text("divide the values by 16 if they count 0 to 16")
