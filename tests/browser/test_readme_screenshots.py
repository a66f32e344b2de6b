"""The README's pictures, taken here so that they never go stale: the editor with a residual CNN on
the canvas, a run's page once it has trained, and the editor in the dark theme a dark system gets.
Each is checked to show what the README says before it is written to docs/screenshots/."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_canvas, open_editor, wait_for_canvas_fit

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
README = Path(__file__).resolve().parents[2] / "README.md"
SIZE = {"width": 1280, "height": 800}


def _save(page: Page, name: str, whole_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # The Train bar stays at the window's foot while Train is below it: a whole-page picture drew
    # it half-way down the page, over the settings, with Train itself in sight below.
    hidden = ".train-bar { display: none; }" if whole_page else None
    page.screenshot(path=str(path), full_page=whole_page, style=hidden)
    png = path.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == SIZE["width"] and (
        height > SIZE["height"] if whole_page else height == SIZE["height"]
    )
    assert f"docs/screenshots/{name}.png" in README.read_text(), f"README does not show {name}"
    return path


# Each frame until the run says it succeeded: how much of the bar its fill covers then.
_WATCH_THE_BAR = """() => {
    const watch = () => {
        const status = document.querySelector("[data-testid=run-status]");
        const fill = document.querySelector(".progress-fill");
        const bar = document.querySelector(".progress-bar");
        if (status?.textContent === "succeeded" && fill && bar) {
            window.filledWhenSucceeded = fill.getBoundingClientRect().width / bar.clientWidth;
        } else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
}"""


def test_readme_screenshots_of_the_editor_and_a_run(page: Page, server_url: str) -> None:
    page.set_viewport_size(SIZE)
    open_editor(page, server_url)
    page.get_by_test_id("templates-menu").click()
    page.get_by_test_id("template-residual").click()
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
    open_canvas(page)
    page.wait_for_timeout(200)  # the canvas fits its view 60 ms after the layers change
    wait_for_canvas_fit(page, "fc")
    canvas, last = (page.get_by_test_id(t).bounding_box() for t in ("canvas", "node-fc"))
    assert canvas and last and last["y"] + last["height"] <= canvas["y"] + canvas["height"]
    page.get_by_test_id("epochs-input").fill("8")
    _save(page, "editor", whole_page=True)  # the canvas is taller than the window

    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_css("background-color", "rgb(11, 17, 32)")
    _save(page, "editor-dark", whole_page=True)
    page.emulate_media(color_scheme="light")

    page.get_by_test_id("train-button").click()
    page.wait_for_url("**/runs/*")
    page.evaluate(_WATCH_THE_BAR)
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    # The first frame that says succeeded shows a full bar, not one still sliding there (this
    # picture caught it at 89%).
    assert page.evaluate("window.filledWhenSucceeded") == 1
    expect(page.get_by_test_id("loss-chart")).to_be_in_viewport()
    expect(page.get_by_test_id("histograms")).to_be_visible()
    expect(page.get_by_test_id("running-count")).to_have_count(0)  # the top bar has caught up
    page.evaluate("window.scrollTo(0, 0)")
    _save(page, "run-page")
