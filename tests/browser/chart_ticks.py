"""A chart's y-axis ticks as the page drew them, for tests of log axes."""

import math

from playwright.sync_api import Page

_UNITS = {"k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}


def tick_value(label: str) -> float:
    """A tick's number: "0.5", "1e-4", "100k", "1e+30"; NaN for "", a tick left unlabelled."""
    if label and label[-1] in _UNITS:
        return float(label[:-1]) * _UNITS[label[-1]]
    return float(label or "nan")


def is_power_of_ten(label: str) -> bool:
    """Whether a tick's label is 10ⁿ: "1", "0.01", "1e-4", "1M"; not "", a tick left unlabelled."""
    value = tick_value(label)
    return value > 0 and math.isclose(math.log10(value), round(math.log10(value)), abs_tol=1e-9)


def y_ticks(page: Page, chart: str) -> list[str]:
    """The y axis's tick labels as drawn, one for each tick ("" for a tick left unlabelled)."""
    return (page.get_by_test_id(chart).get_attribute("data-y-ticks") or "").split(" ")
