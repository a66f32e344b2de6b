"""The model page's Mistakes: a share link's page lists the run's misclassified validation samples
as its owner's does, read through the link's own routes, and a tile opens its sample in Try it; a
sample the run did not keep, or one whose results fail to load, is said so with what to do (it
said "Loading validation sample #N…" for ever); a revoked link shows none of it."""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, Request, ViewportSize, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import FIRST_MISTAKES, PHONE, screenshot_page, train_through_page
from tests.browser.test_share import TRAINING, _control

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# One epoch of the digits CNN leaves a few mistakes.
ONE_EPOCH = {**TRAINING, "epochs": 1, "batch_size": 64, "seed": 0}


def share_link(page: Page, server_url: str, run_id: str) -> str:
    made = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert made.status == 201, made.text()
    url: str = made.json()["url"]
    return url if url.startswith("http") else server_url + url


def test_a_share_link_lists_the_mistakes_and_opens_them_in_try_it(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, ONE_EPOCH)
    url = share_link(page, server_url, run_id)
    token = url.rsplit("/", 1)[1]
    classmate = browser.new_context(viewport=DESKTOP)  # no cookie: not the owner
    try:
        shared = classmate.new_page()
        asked: list[str] = []
        shared.on("request", lambda request: asked.append(request.url))
        shared.goto(url)
        kept = api_of(shared).get(f"{server_url}/api/shared/{token}/results").json()
        wrong = kept["misclassified"]
        assert len(wrong) >= 2, "one epoch should leave mistakes"
        gallery = shared.get_by_test_id("model-mistakes")
        tiles = gallery.locator("a.mistake-open")
        expect(tiles).to_have_count(min(len(wrong), FIRST_MISTAKES))
        if len(wrong) > FIRST_MISTAKES:
            gallery.get_by_test_id("misclassified-more").click()
        expect(tiles).to_have_count(len(wrong))
        expect(gallery.get_by_test_id("model-mistakes-caption")).to_contain_text(
            re.compile(
                r"^Misclassified samples \((all \d+|\d+ of \d+ shown)\), on the validation set$"
            )
        )
        expect(gallery.get_by_test_id("model-mistakes-hint")).to_have_text(
            "Open one in Try it, above: each class's probability, and what each layer made of it."
        )
        first = wrong[0]
        tile = gallery.get_by_test_id(f"mistake-{first['index']}")
        expect(tile).to_have_attribute("href", f"#sample={first['index']}")
        assert serious_violations(shared) == []
        gallery.scroll_into_view_if_needed()
        screenshot_page(shared, screenshot, "share-mistakes")

        tile.click()
        expect(shared).to_have_url(f"{url}#sample={first['index']}")
        expect(shared.get_by_test_id("try-sample")).to_have_text(
            f"Validation sample #{first['index']}: true class {first['true']}, "
            f"the model said {first['predicted']}"
        )
        expect(shared.get_by_test_id("try-sample")).to_be_in_viewport()
        expect(shared.get_by_test_id("predicted-class")).to_have_text(first["predicted"])
        expect(shared.get_by_test_id("probabilities").locator("li")).to_have_count(10)
        screenshot_page(shared, screenshot, "share-mistake-opened")
        # Another tile, by keyboard: Try it starts again from that sample.
        second = wrong[1]
        gallery.get_by_test_id(f"mistake-{second['index']}").focus()
        shared.keyboard.press("Enter")
        expect(shared.get_by_test_id("try-sample")).to_contain_text(
            f"Validation sample #{second['index']}: true class {second['true']}"
        )
        expect(shared.get_by_test_id("predicted-class")).to_have_text(second["predicted"])

        # A sample the run did not keep: said so, and where the kept ones are.
        shared.goto(f"{url}#sample=999999")
        problem = shared.get_by_test_id("try-sample-problem")
        expect(problem).to_have_text(
            f"Validation sample #999999 cannot be opened: it is not among the {len(wrong)} "
            "misclassified samples this run kept; open one of them from Mistakes, below. "
            "Show the mistakes"
        )
        expect(shared.get_by_test_id("try-it")).to_be_visible()
        screenshot_page(shared, screenshot, "share-sample-not-kept")
        problem.get_by_role("link", name="Show the mistakes").click()
        expect(gallery).to_be_in_viewport()
        expect(problem).to_have_count(0)

        # Everything came through the link's own routes: none of its owner's.
        assert asked and not [u for u in asked if re.search(r"/api/(runs|models)/", u)], asked

        # On a phone: the tiles fit the page's width, and open as on a desktop.
        shared.set_viewport_size(PHONE)
        shared.goto(f"{url}#sample={first['index']}")
        expect(shared.get_by_test_id("predicted-class")).to_have_text(first["predicted"])
        # The same page, narrowed (only the fragment changed): laid out again as it settles, a
        # look straight after the resize once read the desktop's 1,236 pixels.
        shared.wait_for_function(
            f"document.documentElement.scrollWidth <= {PHONE['width']}", timeout=10_000
        )
        screenshot_page(shared, screenshot, "share-mistake-opened-phone")
        gallery.scroll_into_view_if_needed()
        screenshot_page(shared, screenshot, "share-mistakes-phone")
        shared.goto(f"{url}#sample=999999")
        expect(shared.get_by_test_id("try-sample-problem")).to_contain_text("cannot be opened")
        screenshot_page(shared, screenshot, "share-sample-not-kept-phone")

        # Revoked: the link's page shows nothing of the model, its mistakes neither.
        (link,) = api_of(page).get(f"/api/runs/{run_id}/shares").json()
        assert api_of(page).delete(f"/api/runs/{run_id}/shares/{link['id']}").status == 204
        shared.goto("about:blank")  # a new load, not the open page's fragment changing
        gone = shared.goto(f"{url}#sample={first['index']}")
        assert gone is not None and gone.status == 410
        expect(shared.get_by_test_id("share-gone")).to_contain_text("revoked")
        expect(shared.get_by_test_id("model-mistakes")).to_have_count(0)
        expect(shared.get_by_test_id("try-it")).to_have_count(0)
        assert api_of(shared).get(f"{server_url}/api/shared/{token}/results").status == 410
    finally:
        classmate.close()


def test_results_that_fail_to_load_say_so_not_loading_for_ever(
    page: Page,
    browser: Browser,
    server_url: str,
    server_data: Path,
    screenshot: Callable[[str], None],
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, ONE_EPOCH)
    url = share_link(page, server_url, run_id)
    index = api_of(page).get(f"/api/runs/{run_id}/results").json()["misclassified"][0]["index"]
    # The results file damaged on the server: its results route answers 409.
    (server_data / "runs" / run_id / "results.json").write_text("{not json")
    failed: list[Request] = []
    page.on("requestfinished", lambda r: "/results" in r.url and failed.append(r))
    page.goto(f"{server_url}/models/{run_id}#sample={index}")
    problem = page.get_by_test_id("try-sample-problem")
    expect(problem).to_contain_text(
        f"Validation sample #{index} cannot be opened: this model's results did not load: "
        f"Run {run_id}'s results.json is damaged: it cannot be read"
    )
    expect(problem).to_contain_text(
        "Train the design again, or Continue the run from its checkpoint"
    )
    expect(problem).not_to_contain_text("Loading")
    answered = failed[0].response() if failed else None
    assert answered is not None and answered.status == 409
    expect(page.get_by_test_id("try-it")).to_be_visible()  # Try it works all the same
    expect(page.get_by_test_id("model-mistakes")).to_have_count(0)
    screenshot("results-failed-model-page")
    page.set_viewport_size(PHONE)
    expect(problem).to_be_visible()
    screenshot("results-failed-model-page-phone")
    # Through the link, to another browser: its own words, the owner's to mend.
    classmate = browser.new_context(viewport=DESKTOP)
    try:
        shared = classmate.new_page()
        shared.goto(f"{url}#sample={index}")
        expect(shared.get_by_test_id("try-sample-problem")).to_contain_text(
            f"Validation sample #{index} cannot be opened: this model's results did not load: "
            "The shared model's results.json is damaged on the server"
        )
        expect(shared.get_by_test_id("try-sample-problem")).to_contain_text(
            "tell whoever shared the link"
        )
    finally:
        classmate.close()


def test_a_sample_asked_while_the_run_trains_on_says_when_it_opens(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, ONE_EPOCH)
    index = api_of(page).get(f"/api/runs/{run_id}/results").json()["misclassified"][0]["index"]
    # Trained on: it has weights to try, and its results come when it ends again.
    assert _control(page, f"/api/runs/{run_id}/continue", {"epochs": 500})
    page.goto(f"{server_url}/models/{run_id}#sample={index}")
    expect(page.get_by_test_id("model-status")).to_have_text("running")
    problem = page.get_by_test_id("try-sample-problem")
    expect(problem).to_have_text(
        f"Validation sample #{index} cannot be opened: this run is still training: its results, "
        "with the misclassified samples it keeps, come when it ends."
    )
    screenshot("sample-while-training")
    assert _control(page, f"/api/runs/{run_id}/cancel")
    # Ended: its results come, and the page says what they hold of the sample, with no reload.
    expect(page.get_by_test_id("model-status")).to_have_text("stopped")
    expect(page.get_by_test_id("model-mistakes")).to_be_visible()
    expect(problem).not_to_contain_text("still training")
