"""On a phone the model page's graph is a picture the page scrolls over: a swipe or a wheel on it
scrolls the page, never pans the drawing away, and the box fits the screen."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run

# Deep enough that its drawing at full size is taller than a phone's screen.
DESIGN = {
    "version": 1,
    "name": "deep",
    "input_shape": [64],
    "layers": [
        layer
        for i in range(1, 8)
        for layer in (
            {"id": f"fc{i}", "type": "Linear", "params": {"out_features": 32}},
            {"id": f"relu{i}", "type": "ReLU"},
        )
    ]
    + [{"id": "out", "type": "Linear", "params": {"out_features": 10}}],
}

_VIEWPORT = """(graph) => graph.querySelector(".react-flow__viewport").style.transform"""
# The drawing's transform once every node lies in the graph's box (fitted), else null: unfitted,
# at zoom 1, this graph runs off a phone's box.
_FITTED = """(graph) => {
  const box = graph.getBoundingClientRect();
  const inside = [...graph.querySelectorAll(".react-flow__node")]
    .map((node) => node.getBoundingClientRect())
    .every((n) => n.top >= box.top - 1 && n.bottom <= box.bottom + 1
      && n.left >= box.left - 1 && n.right <= box.right + 1);
  return inside ? graph.querySelector(".react-flow__viewport").style.transform : null;
}"""


def _open(phone: Page, server_url: str, server_data: Path) -> None:
    owner = owner_of(phone, server_url)
    run_id = write_run(server_data, owner, DESIGN, DIGITS_SETTINGS, finished_events(3))
    phone.goto(f"{server_url}/models/{run_id}")
    graph = phone.get_by_test_id("model-graph")
    expect(graph.locator(".react-flow__node")).to_have_count(16)
    # xyflow fits the view a frame or more after the nodes appear, and again when the box's
    # width changes: fitted, and the same for three readings in a row (200 ms), as
    # wait_for_canvas_fit. A fit landing during a gesture below would read as the graph moved.
    seen, still = None, 0
    for _ in range(100):
        now = graph.evaluate(_FITTED)
        still = still + 1 if now is not None and now == seen else 0
        if still == 2:
            return
        seen = now
        phone.wait_for_timeout(100)
    raise AssertionError(f"The graph was not fitted and still within 10 s: {now}")


def _scrolled_past(phone: Page, before: float) -> None:
    """Waits until the page has scrolled 100 px down from `before` (a gesture's scroll is
    animated, and reaches the page a frame or more after its input)."""
    phone.wait_for_function("(before) => window.scrollY > before + 100", arg=before, timeout=5000)


def _centre_in_view(phone: Page) -> tuple[float, float]:
    """Scrolls the graph's top to the screen's top; the middle of its part on the screen."""
    graph = phone.get_by_test_id("model-graph")
    graph.evaluate("(g) => window.scrollTo(0, g.getBoundingClientRect().top + window.scrollY)")
    box = graph.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + min(box["height"], 844) / 2


def _swipe_up(phone: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A finger's swipe, Chromium's own touches (CDP), so the browser scrolls as on a phone."""
    cdp = phone.context.new_cdp_session(phone)
    cdp.send(
        "Input.dispatchTouchEvent",
        {"type": "touchStart", "touchPoints": [{"x": start[0], "y": start[1]}]},
    )
    for step in range(1, 11):
        x = start[0] + (end[0] - start[0]) * step / 10
        y = start[1] + (end[1] - start[1]) * step / 10
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_swipe_on_the_graph_scrolls_the_page(
    phone: Page, server_url: str, server_data: Path
) -> None:
    _open(phone, server_url, server_data)
    graph = phone.get_by_test_id("model-graph")
    box = graph.bounding_box()
    assert box is not None and box["height"] <= 844, box
    x, y = _centre_in_view(phone)
    drawn = graph.evaluate(_VIEWPORT)
    before = phone.evaluate("window.scrollY")
    _swipe_up(phone, (x, y + 150), (x, y - 150))
    _scrolled_past(phone, before)
    assert graph.evaluate(_VIEWPORT) == drawn


def test_a_wheel_on_the_graph_scrolls_the_page(
    phone: Page, server_url: str, server_data: Path
) -> None:
    _open(phone, server_url, server_data)
    graph = phone.get_by_test_id("model-graph")
    x, y = _centre_in_view(phone)
    drawn = graph.evaluate(_VIEWPORT)
    before = phone.evaluate("window.scrollY")
    phone.mouse.move(x, y)
    phone.mouse.wheel(0, 300)
    _scrolled_past(phone, before)
    assert graph.evaluate(_VIEWPORT) == drawn
