"""The editor in headless Chromium with a 200-layer design against a 12-layer one: how long a person
waits from an edit to its result on the screen.

Each design is an MLP on the digits (Flatten, then Linear 32 and ReLU pairs, then Linear 10), loaded
through "Load design". Timed, on the page's own clock, from the input, click or wheel event to the
frame after the awaited change is in the DOM (a MutationObserver, then requestAnimationFrame and a
task, so that the frame has been drawn):

- edit (list / canvas): a new out_features typed into the first Linear (the list's open card, or
  the canvas's inspector) until the ReLU after it shows the new shape; with the part spent before
  the validate request left, on it, and after its answer;
- add: a ReLU clicked in the palette until its card shows its shape and the design is checked
  (Train on; with 200 layers, until the server's answer that 201 is one too many is on the screen);
- undo: Undo after that add until the card is gone and the design is checked again (Train on);
- to canvas: the Canvas tab until the first layer is drawn (a long design's canvas draws only
  the layers in view, from the input down);
- to list: the List tab until the last layer is drawn;
- pan: a wheel turn over the canvas until the view has moved.

With `--before DIST`, the same is measured on another build of the frontend (for example main's,
before a change) served by a second server.

    .venv/bin/python bench/editor_edit.py [--layers 200] [--small 12] [--repeats 9] [--before DIST]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect, sync_playwright

from server import serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.browser_steps import open_editor
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

# Before the page's own code. `__tc.arm(check)` starts a measurement: the next input, click,
# keydown or wheel event starts the clock, and `__tc.result` resolves once `check()` holds and a
# frame has been drawn since. Each validate request's send and answer times are kept too.
WATCH = """
window.__tc = { start: 0, requests: [], result: null, armed: false };
for (const type of ["input", "click", "keydown", "wheel"])
  document.addEventListener(type, (e) => { if (window.__tc.armed && !window.__tc.start) window.__tc.start = e.timeStamp; }, { capture: true });
const send = window.fetch;
window.fetch = async (...args) => {
  const request = args[0] instanceof Request ? args[0] : null;
  const validating = request && new URL(request.url).pathname === "/api/designs/validate";
  const sent = performance.now();
  const response = await send(...args);
  if (validating) { await response.clone().text(); window.__tc.requests.push([sent, performance.now()]); }
  return response;
};
window.__tc.arm = (check) => {
  const tc = window.__tc;
  tc.start = 0;
  tc.armed = true;
  tc.requests = [];
  tc.result = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error(`not seen within 30 s: ${check}`)), 30000);
    const done = () => {
      const seen = performance.now();
      requestAnimationFrame(() => setTimeout(() => {
        tc.armed = false;
        resolve({ start: tc.start, seen, drawn: performance.now(), requests: tc.requests });
      }));
    };
    const observer = new MutationObserver(() => {
      if (tc.start && check()) { observer.disconnect(); done(); }
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
};
"""


# The number k of the first node fc<k> drawn inside the canvas and the window.
VISIBLE_LINEAR = """() => {
  const canvas = document.querySelector('[data-testid="canvas"]').getBoundingClientRect();
  const inside = (r) => r.top >= Math.max(canvas.top, 0) && r.bottom <= Math.min(canvas.bottom, innerHeight);
  const node = [...document.querySelectorAll('[data-testid^="node-fc"]')].find((n) => inside(n.getBoundingClientRect()));
  return Number(node.dataset.testid.slice("node-fc".length));
}"""


# The design on the screen has been checked: Train is on (each design here is valid).
CHECKED = "!document.querySelector('[data-testid=\"train-button\"]').disabled"


def mlp(layers: int) -> dict[str, Any]:
    """Flatten, (Linear 32, ReLU) pairs, Linear 10: `layers` layers (an even number)."""
    pairs = (layers - 2) // 2
    body: list[dict[str, Any]] = [{"id": "flat", "type": "Flatten"}]
    for i in range(1, pairs + 1):
        body.append({"id": f"fc{i}", "type": "Linear", "params": {"out_features": 32}})
        body.append({"id": f"act{i}", "type": "ReLU"})
    body.append({"id": "out", "type": "Linear", "params": {"out_features": 10}})
    return {"version": 1, "name": f"mlp-{layers}", "input_shape": [1, 8, 8], "layers": body}


def timed(page: Page, check: str, act: Any) -> dict[str, Any]:
    print(".", end="", flush=True)
    """Arms the watch for `check` (a JS expression), does `act()`, and returns the page's times."""
    page.evaluate(f"() => window.__tc.arm(() => {{ {check} }})")
    act()
    return dict(page.evaluate("window.__tc.result"))


def text_is(test_id: str, text: str) -> str:
    return f"return document.querySelector('[data-testid=\"{test_id}\"]')?.textContent === {json.dumps(text)};"


def load(page: Page, url: str, design: dict[str, Any], folder: Path) -> None:
    open_editor(page, url)
    path = folder / f"{design['name']}.json"
    path.write_text(json.dumps(design))
    page.get_by_test_id("list-tab").click()
    page.get_by_test_id("load-design").set_input_files(path)
    expect(page.get_by_test_id("shape-out")).to_have_text("(10)", timeout=60_000)
    expect(page.get_by_test_id("train-button")).to_be_enabled()


Samples = dict[str, list[dict[str, Any]]]


def edits(
    page: Page, samples: Samples, name: str, repeats: int, widths: list[int], k: int = 1
) -> None:
    """Types a new width into fc<k>'s out_features, each time one the server has not seen."""
    field = page.locator(f"#param-fc{k}-out_features")
    for _ in range(repeats):
        width = widths.pop()
        check = (
            text_is(f"shape-act{k}", f"({width})")
            if name == "edit (list)"
            else (
                f"return document.querySelector('[data-testid=\"node-act{k}\"] .shape')?.textContent"
                f" === '({width})';"
            )
        )
        samples.setdefault(name, []).append(
            timed(page, check, lambda width=width: field.fill(str(width)))
        )
        page.wait_for_timeout(1600)  # the next edit is its own undo step


def measure(page: Page, url: str, design: dict[str, Any], repeats: int, folder: Path) -> Samples:
    load(page, url, design, folder)
    layers = len(design["layers"])
    widths = list(range(40, 40 + 4 * repeats + 8))
    samples: Samples = {}
    page.get_by_test_id("open-fc1").click()
    edits(page, samples, "edit (list)", repeats, widths)
    total = page.get_by_test_id("total-params").text_content()
    count = "document.querySelectorAll('[data-testid=\"layer-list\"] .layer-card').length"
    last_shape = (
        "const cards = document.querySelectorAll('[data-testid=\"layer-list\"] .layer-card');"
        "const shape = cards[cards.length - 1]?.querySelector('.shape')?.textContent;"
    )
    for _ in range(repeats):
        # 201 layers are one more than the server takes: the answer then is its error saying so.
        refused = "document.querySelector('[data-testid=\"design-error\"]')"
        added = f"{last_shape} return cards.length === {layers + 1} && ((shape === '(10)' && {CHECKED}) || !!{refused});"
        samples.setdefault("add", []).append(
            timed(page, added, lambda: page.get_by_test_id("palette-ReLU").click())
        )
        same_total = text_is("total-params", total or "")[len("return ") : -1]
        back = f"return {count} === {layers} && {same_total} && {CHECKED};"
        samples.setdefault("undo", []).append(
            timed(page, back, lambda: page.get_by_test_id("undo").click())
        )
    node_flat = "return document.querySelector('[data-testid=\"node-flat\"] .shape')?.textContent === '(64)';"
    for _ in range(repeats):
        samples.setdefault("to canvas", []).append(
            timed(page, node_flat, lambda: page.get_by_test_id("canvas-tab").click())
        )
        page.wait_for_timeout(300)  # the canvas fits its view once drawn
        samples.setdefault("to list", []).append(
            timed(
                page, text_is("shape-out", "(10)"), lambda: page.get_by_test_id("list-tab").click()
            )
        )
    page.get_by_test_id("canvas-tab").click()
    expect(page.get_by_test_id("node-flat")).to_be_visible()
    page.wait_for_timeout(300)  # the canvas sets its view once drawn
    # Edit the first Linear in view (the canvas opens at the top of a long design).
    k = page.evaluate(VISIBLE_LINEAR)
    page.get_by_test_id(f"node-fc{k}").click()
    edits(page, samples, "edit (canvas)", repeats, widths, k)
    box = page.get_by_test_id("canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"], 400) / 2)
    viewport = "document.querySelector('.react-flow__viewport').style.transform"
    for i in range(repeats):
        before = page.evaluate(viewport)
        moved = f"return {viewport} !== {json.dumps(before)};"
        dy = 120 if i % 2 == 0 else -120
        samples.setdefault("pan", []).append(
            timed(page, moved, lambda dy=dy: page.mouse.wheel(0, dy))
        )
    page.get_by_test_id("list-tab").click()
    return samples


def p50(values: list[float]) -> float:
    return statistics.median(values)


def report(name: str, small: Samples, big: Samples, layers: tuple[int, int]) -> None:
    print(f"\n{name}: p50 ms from the event to the frame that shows its result")
    print(f"  {'':16}{layers[0]:>8} layers{layers[1]:>8} layers   ratio")
    for step in big:
        s = p50([r["drawn"] - r["start"] for r in small[step]])
        b = p50([r["drawn"] - r["start"] for r in big[step]])
        print(f"  {step:16}{s:>15.0f}{b:>15.0f}   {b / s:5.1f}×")
        if step.startswith("edit"):
            (ws, rs, ds), (wb, rb, db) = split(small[step]), split(big[step])
            print(f"    waiting to send the request {ws:6.0f}{wb:15.0f}")
            print(f"    the request                 {rs:6.0f}{rb:15.0f}")
            print(f"    its answer → drawn          {ds:6.0f}{db:15.0f}")


def split(samples: list[dict[str, Any]]) -> tuple[float, float, float]:
    """p50 of the wait before the (last) validate request, the request, and its answer → drawn."""
    waits, requests, draws = [], [], []
    for r in samples:
        if not r["requests"]:
            continue
        sent, answered = r["requests"][-1]
        waits.append(sent - r["start"])
        requests.append(answered - sent)
        draws.append(r["drawn"] - answered)
    return (p50(waits), p50(requests), p50(draws)) if waits else (0.0, 0.0, 0.0)


def run_build(
    browser: Browser, url: str, args: argparse.Namespace, folder: Path
) -> tuple[Samples, Samples]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(WATCH)
    page = context.new_page()
    measure(page, url, mlp(args.small), 2, folder)  # warm-up: the server's first validations
    small = measure(page, url, mlp(args.small), args.repeats, folder)
    big = measure(page, url, mlp(args.layers), args.repeats, folder)
    context.close()
    return small, big


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layers", type=int, default=200)
    parser.add_argument("--small", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument(
        "--before", type=Path, help="another frontend build (a dist folder) to compare"
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    builds = {"this build": None} | (
        {f"baseline {args.before}": args.before} if args.before else {}
    )
    with sync_playwright() as playwright, ExitStack() as stack:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for name, dist in builds.items():
            data = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            env = {"TORCHCANVAS_FRONTEND": str(dist.resolve())} if dist else {}
            server = stack.enter_context(serve(data, **env))
            small, big = run_build(browser, server.url, args, folder)
            report(name, small, big, (args.small, args.layers))
        browser.close()
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
