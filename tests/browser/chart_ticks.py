"""A chart's y-axis ticks as the page drew them, for tests of log axes."""

import math

from playwright.sync_api import Page


def is_power_of_ten(label: str) -> bool:
    """Whether a tick's label is 10ⁿ: "1", "0.01", "1e-4"; not "", a tick left unlabelled."""
    value = float(label or "nan")
    return value > 0 and math.isclose(math.log10(value), round(math.log10(value)), abs_tol=1e-9)


def y_ticks(page: Page, chart: str) -> list[str]:
    """The y axis's tick labels as drawn, one for each tick ("" for a tick left unlabelled)."""
    return (page.get_by_test_id(chart).get_attribute("data-y-ticks") or "").split(" ")
