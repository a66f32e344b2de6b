"""Where the system asks for reduced motion, the scrolls the app starts itself jump rather than
glide: Show it under a phone's palette and the runs page's link to the comparison. Smooth, the
page has not moved yet as the click returns; a jump has moved it by then. A live run's progress
bar steps rather than slides, and so do Try it's answers' bars."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.browser_steps import PHONE, open_editor
from tests.browser.written_run import DIGITS_MLP, DIGITS_SETTINGS, finished_events, write_run

# Clicks the element and says where the page is scrolled to before, and as the click returns.
CLICK_AND_READ = "(el) => { const before = scrollY; el.click(); return [before, scrollY]; }"


def test_show_it_jumps_where_motion_is_reduced(browser: Browser, server_url: str) -> None:
    context = browser.new_context(
        base_url=server_url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        reduced_motion="reduce",
    )
    phone = context.new_page()
    open_editor(phone, server_url)
    for layer in ("Flatten", "Linear", "ReLU", "Linear"):
        phone.get_by_test_id(f"palette-{layer}").tap()
    expect(phone.get_by_test_id("layer-added")).to_have_text("Added Linear fc2 after relu1.")
    phone.evaluate("window.scrollTo(0, 0)")
    before, after = phone.get_by_test_id("layer-added-show").evaluate(CLICK_AND_READ)
    assert after > before, (before, after)
    expect(phone.get_by_test_id("layer-card-fc2")).to_be_in_viewport()
    context.close()


def test_the_compare_link_jumps_where_motion_is_reduced(
    page: Page, server_url: str, server_data: Path
) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 1024, "height": 600})
    page.goto(f"{server_url}/runs")
    owner = next(c["value"] for c in page.context.cookies() if c["name"] == "torchcanvas_owner")
    runs = [
        write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, finished_events(3))
        for _ in range(6)
    ]
    page.reload()
    for run_id in runs[:2]:
        page.get_by_test_id(f"run-row-{run_id}").get_by_role("checkbox").check()
    link = page.get_by_test_id("runs-compare-link")
    expect(link).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    before, after = link.evaluate(CLICK_AND_READ)
    assert after > before, (before, after)


# A live run's progress fill, put on the page: how long its slide to a new width lasts.
SLIDE = """() => {
    const fill = document.createElement("div");
    fill.className = "progress-fill sliding";
    document.body.append(fill);
    const lasts = getComputedStyle(fill).transitionDuration;
    fill.remove();
    return lasts;
}"""
# A Try it answer's bar, put on the page: what its slide changes, and for how long.
ANSWER_SLIDE = """() => {
    const list = document.createElement("ul");
    list.className = "class-accuracy probabilities";
    list.innerHTML = '<li><span class="bar"><span style="transform: scaleX(0.5)"></span></span></li>';
    document.body.append(list);
    const style = getComputedStyle(list.querySelector(".bar > span"));
    const slide = [style.transitionProperty, style.transitionDuration];
    list.remove();
    return slide;
}"""


def test_the_progress_and_answer_bars_do_not_slide_where_motion_is_reduced(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    assert page.evaluate(SLIDE) == "0.2s"
    # Try it's answers slide by a scale (the compositor alone), not by a width (a layout a frame).
    assert page.evaluate(ANSWER_SLIDE) == ["transform", "0.2s"]
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(SLIDE) == "0s"
    assert page.evaluate(ANSWER_SLIDE)[1] == "0s"
