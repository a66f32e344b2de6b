"""Make an image dataset in the browser, Teachable Machine's way: classes, pictures chosen, dropped
or recorded with (Chromium's fake) webcam, checked before they are sent, then trained on."""

import io
import math
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from playwright.sync_api import Browser, CDPSession, Page, Route, expect

from tests.browser.accessibility import serious_violations
from tests.browser.browser_steps import (
    add_layer,
    click_until_shown,
    on_stored_upload_reply,
    open_editor,
    set_param,
)


def pictures(count: int, level: int, seed: int = 0) -> list[Any]:
    """PNG files of noise around one grey level, 40×30 (so they are squashed to a square)."""
    rng = np.random.default_rng(seed)
    files = []
    for i in range(count):
        pixels = np.clip(rng.normal(level, 20, (30, 40, 3)), 0, 255).astype(np.uint8)
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, format="PNG")
        files.append({"name": f"{i + 1}.png", "mimeType": "image/png", "buffer": out.getvalue()})
    return files


def shoot(page: Page, name: str, full_page: bool = False) -> None:
    """Screenshots of the window at 1440 and 1024 wide, light and dark, when TORCHCANVAS_SCREENS
    names a folder; the window is left as it was."""
    folder = os.environ.get("TORCHCANVAS_SCREENS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1440, "height": 1000}
    for width in (1440, 1024):
        page.set_viewport_size({"width": width, "height": size["height"]})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            path = Path(folder) / f"make-{name}-{width}-{scheme}.png"
            page.screenshot(path=str(path), full_page=full_page)
    page.set_viewport_size(size)
    page.emulate_media(color_scheme="light")


def open_dialog(page: Page, url: str) -> None:
    open_editor(page, url)
    click_until_shown(page.get_by_test_id("make-dataset"), page.get_by_test_id("make-dialog"))


def count_of(page: Page, position: int) -> int:
    text = page.get_by_test_id(f"class-count-{position}").text_content() or ""
    return int(text.split()[0].replace(",", ""))


def test_make_a_dataset_from_files_and_the_webcam_then_train_on_it(
    camera_page: Page, server_url: str
) -> None:
    page = camera_page
    open_dialog(page, server_url)
    # Two classes to start, and Create waits for a name.
    expect(page.get_by_test_id("class-name-1")).to_have_value("Class 1")
    expect(page.get_by_test_id("class-name-2")).to_have_value("Class 2")
    expect(page.get_by_test_id("class-name-3")).to_have_count(0)
    expect(page.get_by_test_id("make-reason")).to_have_text("Name the dataset.")
    expect(page.get_by_test_id("make-create")).to_be_disabled()
    shoot(page, "empty")

    # Class 1: chosen files; one that is no picture is skipped, and said so.
    page.get_by_test_id("class-name-1").fill("dark")
    notes = {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a picture"}
    page.get_by_test_id("class-files-1").set_input_files([*pictures(8, level=40), notes])
    expect(page.get_by_test_id("class-count-1")).to_have_text("8 pictures")
    skipped = page.get_by_test_id("class-skipped-1")
    expect(skipped).to_have_text(
        "notes.txt is not a picture this browser can read: skipped. Dismiss"
    )
    expect(skipped.locator("code")).to_have_text("notes.txt")
    page.get_by_role("button", name="Remove dark picture 8").click()
    expect(page.get_by_test_id("class-count-1")).to_have_text("7 pictures")

    # Class 2: the webcam, a click for one frame, then held for more. Its name comes before the
    # first's by the alphabet: the model numbers them as the cards stand (class_order).
    page.get_by_test_id("class-name-2").fill("camera")
    page.get_by_test_id("class-webcam-2").click()
    record = page.get_by_test_id("webcam-record")
    expect(record).to_have_text("Hold to record")
    record.click(
        delay=150
    )  # a click held 150 ms, as a slow page or a slow finger makes it, is one frame
    expect(page.get_by_test_id("class-count-2")).to_have_text("1 picture")
    record.hover()
    page.mouse.down()
    # Held, frames keep coming: 8 or more (any count past 7) before it is let go.
    expect(page.get_by_test_id("class-count-2")).to_have_text(
        re.compile(r"^([89]|\d{2,}) pictures")
    )
    page.mouse.up()
    shoot(page, "webcam")
    page.get_by_test_id("webcam-close").click()
    expect(page.get_by_test_id("webcam")).to_have_count(0)
    webcam_count = count_of(page, 2)  # final: a frame still being made as it closed is dropped

    # A third class comes and goes.
    page.get_by_test_id("make-add-class").click()
    expect(page.get_by_test_id("class-name-3")).to_have_value("Class 3")
    expect(page.get_by_test_id("make-reason")).to_have_text("Name the dataset.")
    page.get_by_test_id("make-name").fill("shapes")
    expect(page.get_by_test_id("make-reason")).to_have_text(
        "Class 3 has no pictures: add some, or remove the class."
    )
    expect(page.get_by_test_id("make-reason").locator("code")).to_have_text("Class 3")
    page.get_by_test_id("class-remove-3").click()
    expect(page.get_by_test_id("make-reason")).to_have_text("")
    # A hidden character in a class's name, which the server would refuse (the catalogue's list).
    page.get_by_test_id("class-name-2").fill("came\u200bra")
    expect(page.get_by_test_id("make-reason")).to_have_text(
        "Class 2's name holds the invisible character U+200B at position 5: remove it, a class's "
        "name must read as it is."
    )
    expect(page.get_by_test_id("make-create")).to_be_disabled()
    page.get_by_test_id("class-name-2").fill("camera")
    expect(page.get_by_test_id("make-reason")).to_have_text("")
    page.get_by_test_id("make-size").select_option("16")
    page.get_by_test_id("make-val-share").select_option("30 %")
    shoot(page, "ready")

    page.get_by_test_id("make-create").click()
    expect(page.get_by_test_id("make-dialog")).to_be_hidden()
    # Picked at once: the input shape follows it, and its preview shows the two classes.
    select = page.get_by_test_id("dataset-select")
    expect(select).to_have_value(re.compile(r"^upload-[0-9a-f]{12}$"))
    expect(select.locator("option:checked")).to_have_text("shapes")  # its name, not shapes.zip
    expect(page.get_by_test_id("shape-input")).to_have_text("(3, 16, 16)")
    page.get_by_test_id("dataset-preview").locator("summary").click()
    expect(page.get_by_test_id("preview-shapes")).to_have_text(
        re.compile(r"^x \(\d+, 3, 16, 16\), y \(\d+\): each picture colour, 16×16$")
    )
    rows = page.get_by_test_id("class-counts").locator("tbody tr")
    expect(rows.locator("td:first-child")).to_have_text(["dark", "camera"])
    counts = [
        sum(int(cell) for cell in row.locator("td").all_text_contents()[1:]) for row in rows.all()
    ]
    assert counts == [7, webcam_count]
    kept = sum(int(row.locator("td").all_text_contents()[2]) for row in rows.all())
    assert kept == math.ceil(0.3 * (7 + webcam_count))  # the validation share chosen, not 20 %
    shoot(page, "created", full_page=True)

    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "2")
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(2)")
    page.get_by_test_id("epochs-input").fill("3")
    page.get_by_test_id("batch-size-input").fill("8")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)


def test_a_skipped_files_note_stays_with_its_class_until_dismissed(
    page: Page, server_url: str
) -> None:
    """Pictures added to another class kept class 1 at 20 pictures but erased why it was not 21."""
    open_dialog(page, server_url)
    broken = {"name": "broken.png", "mimeType": "image/png", "buffer": b"\x89PNG not really"}
    page.get_by_test_id("class-files-1").set_input_files([*pictures(20, level=40), broken])
    expect(page.get_by_test_id("class-count-1")).to_have_text("20 pictures")
    note = page.get_by_test_id("class-skipped-1")
    said = "broken.png is not a picture this browser can read: skipped. Dismiss"
    expect(note).to_have_text(said)

    page.get_by_test_id("class-files-2").set_input_files(pictures(3, level=200, seed=1))
    expect(page.get_by_test_id("class-count-2")).to_have_text("3 pictures")
    expect(note).to_have_text(said)
    expect(page.get_by_test_id("class-skipped-2")).to_have_count(0)

    page.get_by_role("button", name="Dismiss the skipped files of Class 1").click()
    expect(note).to_have_count(0)


def test_create_waits_for_what_the_server_takes_and_shows_what_it_refuses(
    page: Page, server_url: str
) -> None:
    """The catalogue is answered with other limits: the checks follow them, so none is written in
    the page, and what they let through that the server refuses comes back as its message."""

    def other_limits(route: Route) -> None:
        catalog = route.fetch().json()
        catalog["upload_limits"]["max_files"] = 3
        catalog["upload_bounds"]["image_size"]["max"] = 256
        route.fulfill(json=catalog)

    page.route("**/api/catalog", other_limits)
    open_dialog(page, server_url)
    reason = page.get_by_test_id("make-reason")
    page.get_by_test_id("make-name").fill("dark/light")
    expect(reason).to_have_text("The dataset's name dark/light holds a / or \\: leave them out.")
    expect(reason.locator("code")).to_have_text("dark/light")
    page.get_by_test_id("make-name").fill("dark and light")
    expect(reason).to_have_text("Class 1 has no pictures: add some, or remove the class.")
    page.get_by_test_id("class-files-1").set_input_files(pictures(2, level=40))
    # Pictures dropped on a class join it.
    drop = page.evaluate_handle(
        """() => {
            const data = new DataTransfer();
            const canvas = document.createElement('canvas');
            canvas.width = canvas.height = 8;
            const bytes = atob(canvas.toDataURL('image/png').split(',')[1]);
            const png = Uint8Array.from(bytes, (c) => c.charCodeAt(0));
            for (const name of ['a.png', 'b.png']) data.items.add(new File([png], name, {type: 'image/png'}));
            return data;
        }"""
    )
    page.get_by_test_id("class-2").dispatch_event("drop", {"dataTransfer": drop})
    expect(page.get_by_test_id("class-count-2")).to_have_text("2 pictures")
    expect(reason).to_have_text("There are 4 pictures, more than the limit of 3: remove some.")
    expect(page.get_by_test_id("make-create")).to_be_disabled()
    assert serious_violations(page) == []
    shoot(page, "problem")
    page.get_by_role("button", name="Remove Class 2 picture 2").click()
    page.get_by_test_id("class-name-2").fill("Class 1")
    expect(reason).to_have_text("Two classes are named Class 1: rename one.")
    page.get_by_test_id("class-name-2").fill("light")
    expect(reason).to_have_text("")

    # 256×256 is offered by these limits, not by the server's: it says so, and nothing is lost.
    page.get_by_test_id("make-size").select_option("256")
    page.get_by_test_id("make-create").click()
    expect(page.get_by_test_id("make-error")).to_have_text(
        "image_size 256 is out of range: choose a whole number from 4 to 128 (the side in pixels "
        "a ZIP's images are resized to)."
    )
    expect(page.get_by_test_id("make-dialog")).to_be_visible()
    expect(page.get_by_test_id("class-count-1")).to_have_text("2 pictures")
    expect(page.get_by_test_id("class-count-2")).to_have_text("1 picture")
    shoot(page, "refused")
    # Closed and opened again, the dialog still holds them.
    page.get_by_test_id("make-cancel").click()
    expect(page.get_by_test_id("make-dialog")).to_be_hidden()
    click_until_shown(page.get_by_test_id("make-dataset"), page.get_by_test_id("make-dialog"))
    expect(page.get_by_test_id("class-count-1")).to_have_text("2 pictures")
    expect(page.get_by_test_id("make-name")).to_have_value("dark and light")


def test_a_dataset_made_whose_reply_was_lost_is_found_and_chosen(
    page: Page, server_url: str
) -> None:
    """The connection drops as the made dataset's reply comes back: the dataset the server stored
    is found among this browser's uploads and chosen, not said to have failed."""

    def lost(cdp: CDPSession, request_id: str) -> None:
        cdp.send("Fetch.failRequest", {"requestId": request_id, "errorReason": "ConnectionReset"})

    open_dialog(page, server_url)
    page.get_by_test_id("make-name").fill("lost reply")
    page.get_by_test_id("class-files-1").set_input_files(pictures(6, level=40))
    page.get_by_test_id("class-files-2").set_input_files(pictures(6, level=200, seed=1))
    expect(page.get_by_test_id("make-reason")).to_have_text("")
    on_stored_upload_reply(page, lost)
    page.get_by_test_id("make-create").click()
    expect(page.get_by_test_id("make-dialog")).to_be_hidden()
    chosen = page.get_by_test_id("dataset-select")
    expect(chosen).to_have_value(re.compile(r"^upload-[0-9a-f]{12}$"))
    expect(chosen.locator("option:checked")).to_have_text(re.compile(r"^lost reply"))


def test_a_refused_camera_says_so_and_how_to_allow_it(
    camera_browser: Browser, server_url: str
) -> None:
    context = camera_browser.new_context(viewport={"width": 1440, "height": 1000})  # no camera
    page = context.new_page()
    try:
        open_dialog(page, server_url)
        page.get_by_test_id("class-webcam-1").click()
        expect(page.get_by_test_id("webcam-problem")).to_have_text(
            "The camera was refused: allow it for this site (the camera icon in the address "
            "bar), then press Webcam again. Or choose pictures instead."
        )
        expect(page.get_by_test_id("webcam-record")).to_have_count(0)
        shoot(page, "camera-refused")
    finally:
        context.close()
