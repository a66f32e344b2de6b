"""Steps a person takes in the editor, for the browser tests."""

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import CDPSession, Error, FilePayload, Locator, Page, ViewportSize, expect

from tests.browser.api_calls import api_of

PHONE: ViewportSize = {"width": 390, "height": 844}  # a phone's screen, in CSS pixels
# The mistakes a run's gallery shows before its Show all (results/Misclassified.tsx FIRST_MISTAKES).
FIRST_MISTAKES = 48


def open_editor(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("palette-Conv2d")).to_be_visible()


def open_section(page: Page, test_id: str) -> None:
    """Unfolds a folded section (a <details>) by its summary, as a person clicks it. On a machine
    at load 20 a click once left the section folded (a layout still settling, it seems; slow API
    replies alone did not do it): a click that did not open it is made again."""
    section = page.get_by_test_id(test_id)
    for _ in range(3):
        if section.get_attribute("open") is not None:  # a slow click may have landed since
            return
        section.locator("summary").click()
        try:
            expect(section).to_have_attribute("open", "", timeout=3000)
            return
        except AssertionError:
            continue
    expect(section).to_have_attribute("open", "")


def click_until_shown(button: Locator, shown: Locator) -> None:
    """Clicks the button that opens `shown`, as open_section does its summary: a click as the
    editor's layout still settled once missed the "Make an image dataset" button on a loaded
    machine (its dialog stayed closed), and is made again while `shown` is not."""
    for _ in range(3):
        if shown.is_visible():  # a slow click may have landed since
            return
        button.click()
        try:
            expect(shown).to_be_visible(timeout=3000)
            return
        except AssertionError:
            continue
    expect(shown).to_be_visible()


def tick(box: Locator) -> None:
    """Ticks a check box, as a person clicks it. Under load a click once missed one the settings
    panel moved as it landed (a check of the design answered above it): Playwright then says the
    click "did not change its state", and it is made again while the box is not ticked."""
    for _ in range(3):
        if box.is_checked():  # a slow click may have landed since
            return
        try:
            box.check()
            return
        except Error as error:
            if "did not change its state" not in error.message:
                raise
    expect(box).to_be_checked()


def on_stored_upload_reply(page: Page, act: Callable[[CDPSession, str], None]) -> None:
    """Holds the reply to each POST /api/datasets as it comes back from the server, which has read
    and stored the upload (the browser sent it for real: its upload's events fire), and does `act`
    with the paused request; the page's other asks of /api/datasets go on. (Playwright's route
    would take the request before the network, where the upload's events never fire.)"""
    cdp = page.context.new_cdp_session(page)

    def paused(event: dict[str, Any]) -> None:
        if event["request"]["method"] == "POST":
            act(cdp, event["requestId"])
        else:
            cdp.send("Fetch.continueRequest", {"requestId": event["requestId"]})

    cdp.on("Fetch.requestPaused", paused)
    stage = {"urlPattern": "*/api/datasets", "requestStage": "Response"}
    cdp.send("Fetch.enable", {"patterns": [stage]})


def upload_flowers(page: Page) -> None:
    """Uploads the flowers CSV (three species of blobs, tests/backend/upload_files.py) through
    the editor's form, its labels in `species`; the form's own checks are left to test_upload."""
    from tests.backend.upload_files import blobs_csv

    page.get_by_test_id("dataset-upload").locator("summary").click()
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "flowers.csv", "mimeType": "text/csv", "buffer": blobs_csv()}
    )
    page.get_by_test_id("upload-target").select_option("species")
    page.get_by_test_id("upload-button").click()


def load_design_file(page: Page, name: str, design: dict[str, Any]) -> None:
    """Chooses a design file, as Load design's file picker would give it."""
    payload = FilePayload(
        name=name, mimeType="application/json", buffer=json.dumps(design).encode()
    )
    page.get_by_test_id("load-design").set_input_files(payload)


def add_layer(page: Page, layer_type: str) -> None:
    page.get_by_test_id(f"palette-{layer_type}").click()


def open_layer(page: Page, layer_id: str) -> None:
    """Opens a layer folded to one line in the list (the list opens only the layer just added)."""
    opener = page.get_by_test_id(f"open-{layer_id}")
    if opener.count():
        opener.click()
    expect(page.get_by_test_id(f"layer-id-{layer_id}")).to_be_visible()


def set_param(page: Page, layer_id: str, name: str, value: str) -> None:
    field = page.locator(f"#param-{layer_id}-{name}")
    if not field.is_visible() and page.get_by_test_id(f"open-{layer_id}").count():
        open_layer(page, layer_id)  # folded to one line in the list
    field.fill(value)


def open_canvas(page: Page) -> None:
    """The Canvas tab, clicked again where a click as a template's layers settled was missed on
    a loaded machine (CI: the list stayed, with no canvas, for 15 s)."""
    click_until_shown(page.get_by_test_id("canvas-tab"), page.get_by_test_id("node-input"))


def drop_layer(page: Page, layer_type: str, x: float = 40, y: float | None = None) -> None:
    """Drags a layer type from the palette onto the canvas, at (x, y) within it; by default at its
    bottom left, below every layer and clear of the wires, where a stack puts it last."""
    canvas = page.get_by_test_id("canvas")
    nodes = canvas.locator(".react-flow__node")
    before = nodes.count()
    # Dragged again once where the first drop added nothing: on a loaded machine the line that
    # says what was added last can come late and move the canvas as the drag went (CI once), and a
    # drop below the canvas adds nothing. A drop that never adds fails still.
    for attempt in range(2):
        at_y = y
        if at_y is None:
            box = canvas.bounding_box()
            assert box is not None, "the canvas is not drawn"
            at_y = box["height"] - 40
        palette = page.get_by_test_id(f"palette-{layer_type}")
        palette.drag_to(canvas, target_position={"x": x, "y": at_y})
        if attempt == 0 and nodes.count() == before:
            page.wait_for_timeout(3000)
        if nodes.count() > before:
            break
    expect(nodes).to_have_count(before + 1)
    _wait_until_still(page)


def _wait_until_still(page: Page) -> None:
    """Waits until the canvas's nodes stop moving: it grows and refits its view as layers come,
    and a drop's place on it (after the layer above) is read against where the nodes are."""
    where = (
        "() => [...document.querySelectorAll('.react-flow__node')]"
        ".map((n) => { const r = n.getBoundingClientRect(); return [r.x, r.y, r.height].join(); })"
        ".join(';')"
    )
    seen = None
    for _ in range(30):
        now = page.evaluate(where)
        if now == seen:
            return
        seen = now
        page.wait_for_timeout(100)


def drag_wire(page: Page, source: str, target: str) -> None:
    """Drags from the bottom handle of `source` to the top handle of `target` on the canvas."""
    start = page.get_by_test_id(f"node-{source}").locator(".react-flow__handle.source")
    end = page.get_by_test_id(f"node-{target}").locator(".react-flow__handle.target")
    # The canvas can be taller than the window: bring the wire's ends into it first.
    wait_for_canvas_fit(page, source)
    end.scroll_into_view_if_needed()
    start.scroll_into_view_if_needed()
    # The canvas refits its view as layers come and go: wait until the handles stay put.
    a, b = None, None
    for _ in range(20):
        seen = start.bounding_box(), end.bounding_box()
        if seen == (a, b):
            break
        a, b = seen
        page.wait_for_timeout(100)
    assert a is not None and b is not None, f"no handles on {source} or {target}"
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=12)
    page.mouse.up()


def wait_for_canvas_fit(page: Page, layer_id: str) -> None:
    """Waits until a node stops moving: the canvas has fitted its view to the layers. Still for
    three readings in a row (200 ms), longer than the 60 ms the canvas waits before it refits,
    which a busy machine's late timer would otherwise slip past."""
    head = page.get_by_test_id(f"node-{layer_id}").locator(".canvas-node-head")
    seen, still = None, 0
    for _ in range(30):
        now = head.bounding_box()
        still = still + 1 if now is not None and now == seen else 0
        if still == 2:
            break
        seen = now
        page.wait_for_timeout(100)


def select_node(page: Page, layer_id: str) -> None:
    """Clicks a node once the canvas has stopped refitting its view, and waits for the selection."""
    node = page.get_by_test_id(f"node-{layer_id}")
    wait_for_canvas_fit(page, layer_id)
    node.locator(".canvas-node-head").click()
    expect(node).to_have_class(re.compile(r"\bis-selected\b"))


def labels_over_nodes(page: Page) -> list[tuple[str, str]]:
    """Each wire label or other node drawn over a node on the canvas, as pairs of test ids."""
    nodes = [
        (n.get_attribute("data-testid"), n.bounding_box())
        for n in page.locator(".canvas-node").all()
    ]
    labels = [
        (e.get_attribute("data-testid"), e.bounding_box())
        for e in page.locator(".edge-shape").all()
    ]
    found = []
    for i, (node, a) in enumerate(nodes):
        for other, b in labels + nodes[i + 1 :]:
            if a is None or b is None:
                continue  # not drawn: a wire with no shape yet has an empty, hidden label
            across = a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            if across and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]:
                found.append((node or "?", other or "?"))
    return found


def train_through_page(page: Page, design: dict[str, Any], training: dict[str, Any]) -> str:
    """Starts a run through the page's own session, so this browser owns it; its id once it has
    succeeded."""
    reply = api_of(page).post("/api/runs", data={"design": design, "training": training})
    assert reply.status == 201, reply.text()
    run_id: str = reply.json()["id"]
    deadline = time.monotonic() + 120
    while api_of(page).get(f"/api/runs/{run_id}").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the run did not succeed in time"
        time.sleep(0.2)
    return run_id


def open_template(page: Page, name: str) -> None:
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id(f"template-{name}").click()


def screenshot_page(page: Page, screenshot: Callable[[str], None], name: str) -> None:
    """The fixture shoots the first context's page; this one is another context's."""
    folder = os.environ.get("TORCHCANVAS_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def cut_selects(scope: Locator) -> list[str]:
    """Each select in `scope` whose chosen option is wider than the room its box gives it (its
    padding and arrow left out), as `testid: text`: on a phone such a choice reads cut off."""
    found: list[str] = scope.evaluate(
        """(root) => {
          const measure = document.createElement('canvas').getContext('2d');
          return [...root.querySelectorAll('select')].filter((select) => {
            const style = getComputedStyle(select);
            measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const text = select.selectedOptions[0]?.text ?? '';
            const room = select.clientWidth - parseFloat(style.paddingLeft)
              - parseFloat(style.paddingRight) - 16;  // Chromium's arrow
            return measure.measureText(text).width > room;
          }).map((select) => `${select.dataset.testid}: ${select.selectedOptions[0]?.text}`);
        }"""
    )
    return found


# A script for `locator.evaluate`: whether the element is what a click at its centre reaches
# (nothing drawn over it there: the Train bar, a panel).
ON_TOP = """(element) => { const r = element.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return hit === element || element.contains(hit); }"""


# A phone's card of labelled lines (a class's, the admin's): whether each line of a cell's value
# starts right of its label's box (the cell's ::before) with a gap, each of the value's
# rectangles against where the label ends.
VALUE_RIGHT_OF_LABEL = """(td) => {
    const label = getComputedStyle(td, "::before");
    const end = td.getBoundingClientRect().left + parseFloat(label.width);
    const range = document.createRange();
    range.selectNodeContents(td);
    const lines = [...range.getClientRects()].filter((r) => r.width > 0);
    return lines.length > 0 && lines.every((r) => r.left >= end + 4);
}"""
