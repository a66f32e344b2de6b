"""A chart's y-axis ticks as the page drew them, for tests of log axes."""

import math
import time

from playwright.sync_api import Page


def is_power_of_ten(label: str) -> bool:
    """Whether a tick's label is 10ⁿ: "1", "0.01", "1e-4"; not "", a tick left unlabelled."""
    value = float(label or "nan")
    return value > 0 and math.isclose(math.log10(value), round(math.log10(value)), abs_tol=1e-9)


def y_ticks(page: Page, chart: str) -> list[str]:
    """The y axis's tick labels as drawn, one for each tick ("" for a tick left unlabelled)."""
    return (page.get_by_test_id(chart).get_attribute("data-y-ticks") or "").split(" ")


def settled_log_ticks(page: Page, chart: str, at_least: int, seconds: float = 15) -> list[str]:
    """The y axis's labelled ticks once they are `at_least` powers of ten, or as they are after
    `seconds`: a chart is redrawn at most every 250 ms while a history replays, and read between
    two redraws it shows part of it (a range test's last rates alone: "5 10")."""
    deadline = time.monotonic() + seconds
    while True:
        ticks = [label for label in y_ticks(page, chart) if label]
        settled = len(ticks) >= at_least and all(is_power_of_ten(t) for t in ticks)
        if settled or time.monotonic() > deadline:
            return ticks
        page.wait_for_timeout(100)
