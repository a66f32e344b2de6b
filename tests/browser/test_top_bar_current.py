"""The top bar marks the page open: its link says aria-current="page" to a screen reader, and looks
apart from the others (underlined, on the bar's own dark) in both themes and under forced colours."""

import re
from collections.abc import Callable
from typing import Literal

import pytest
from playwright.sync_api import Page, expect

LINKS = ["editor-link", "runs-link", "challenges-link", "classes-link"]
PAGES = {
    "/": "editor-link",
    "/runs": "runs-link",
    "/challenges": "challenges-link",
    "/classes": "classes-link",
}

SECTIONS = {
    "/runs/0123456789abcdef": "runs-link",
    "/models/0123456789abcdef": "runs-link",
    "/classes/ABCDEF": "classes-link",
}


def looks(page: Page, test_id: str) -> dict[str, str]:
    styles: dict[str, str] = page.get_by_test_id(test_id).evaluate(
        """(link) => { const s = getComputedStyle(link);
            const label = getComputedStyle(link.querySelector('.topbar-label'));
            return {background: s.backgroundColor, colour: s.color, line: label.textDecorationLine,
                    linkLine: s.textDecorationLine}; }"""
    )
    return styles


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_open_is_marked_in_the_top_bar(
    page: Page, server_url: str, scheme: Literal["light", "dark"], screenshot: Callable[[str], None]
) -> None:
    page.emulate_media(color_scheme=scheme)
    for path, current in PAGES.items():
        page.goto(server_url + path)
        expect(page.get_by_test_id(current)).to_have_attribute("aria-current", "page")
        for other in LINKS:
            if other != current:
                expect(page.get_by_test_id(other)).not_to_have_attribute("aria-current", "page")
        # Reached by Tab, it is the link a screen reader calls the current page.
        page.get_by_test_id(current).focus()
        assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"
        other = next(link for link in LINKS if link != current)
        mine, theirs = looks(page, current), looks(page, other)
        assert mine["line"] == "underline" and theirs["line"] == "none", (mine, theirs)
        # The name alone: a link's underline runs through all it holds (the runs badge too).
        assert mine["linkLine"] == "none", mine
        assert mine["background"] != theirs["background"], (mine, theirs)
    page.goto(f"{server_url}/runs")
    page.get_by_test_id(
        "runs-link"
    ).hover()  # hovered, it keeps its look (white on white was the risk)
    assert looks(page, "runs-link")["colour"] != looks(page, "runs-link")["background"]
    screenshot(f"top-bar-current-{scheme}")
    # Forced colours drop backgrounds: the underline stays, and tells it apart.
    page.emulate_media(forced_colors="active")
    assert looks(page, "runs-link")["line"] == "underline"
    assert looks(page, "editor-link")["line"] == "none"
    screenshot(f"top-bar-current-{scheme}-forced")
    page.emulate_media(forced_colors="none")
    # A page within a section marks the section's link as where one is (aria-current="true"),
    # looking as the section's own page does: a run's and a model's pages the runs', a class's the
    # classes'. Marked by the address alone, so no run or class need exist.
    for path, section in SECTIONS.items():
        page.goto(server_url + path)
        expect(page.get_by_test_id(section)).to_have_attribute("aria-current", "true")
        for other in LINKS:
            if other != section:
                expect(page.get_by_test_id(other)).not_to_have_attribute(
                    "aria-current", re.compile(".")
                )
        other = next(link for link in LINKS if link != section)
        mine, theirs = looks(page, section), looks(page, other)
        assert mine["line"] == "underline" and theirs["line"] == "none", (path, mine, theirs)
