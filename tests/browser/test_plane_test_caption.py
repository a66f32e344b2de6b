"""A 2-D set's scatter in the editor draws the test set apart: the test rows a run with that share
keeps out of the training points (the server's, held_out.py) are crosses, counted in the caption
and the text alternative as the line above counts them ("432 train / 120 validation / 48 test"),
where they were drawn as training points; changing the share asks for the preview again."""

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, open_editor


def crosses(scatter: Locator) -> list[tuple[float, float]]:
    """The centres of the crosses drawn, in the drawing's units."""
    boxes: list[dict[str, float]] = scatter.locator("path.test-point").evaluate_all(
        "paths => paths.map(p => { const b = p.getBBox(); return {x: b.x + b.width / 2, y: b.y + b.height / 2}; })"
    )
    return sorted((round(b["x"], 1), round(b["y"], 1)) for b in boxes)


def placed(points: list[list[float]], part: int) -> list[tuple[float, float]]:
    """Where the scatter draws the points of a part: one scale for both axes over all the points,
    in a 200-unit square with 12 units of room, the narrower axis centred, y up."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    scale = (200 - 24) / max(max(xs) - min(xs), max(ys) - min(ys))
    x_shift = (200 - (max(xs) - min(xs)) * scale) / 2
    y_shift = (200 - (max(ys) - min(ys)) * scale) / 2
    return sorted(
        (
            round(x_shift + (p[0] - min(xs)) * scale, 1),
            round(200 - y_shift - (p[1] - min(ys)) * scale, 1),
        )
        for p in points
        if p[3] == part
    )


def test_the_scatter_draws_the_test_points_apart(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("spiral")
    scatter = page.get_by_test_id("plane-scatter")
    caption = scatter.locator("figcaption")
    picture = scatter.get_by_role("img")
    expect(caption).to_have_text(
        "x₁ across, x₂ up: 480 training points (filled), 120 validation (hollow)"
    )
    expect(picture).to_have_attribute(
        "aria-label", "600 points: 480 to train on, 120 to validate on"
    )
    expect(scatter.locator("path.test-point")).to_have_count(0)
    filled = scatter.locator("circle:not([fill='none'])")
    expect(filled).to_have_count(480)

    page.get_by_test_id("test-fraction-input").fill("0.1")
    expect(page.get_by_test_id("dataset-sizes")).to_contain_text(
        "432 train / 120 validation / 48 test"
    )
    expect(caption).to_have_text(
        "x₁ across, x₂ up: 432 training points (filled), 120 validation (hollow), 48 test "
        "(crosses), kept apart from the training points"
    )
    expect(picture).to_have_attribute(
        "aria-label", "600 points: 432 to train on, 120 to validate on, 48 to test on"
    )
    expect(scatter.locator("path.test-point")).to_have_count(48)
    expect(filled).to_have_count(432)  # the 48 are no longer drawn as training points
    expect(scatter.locator("circle[fill='none']")).to_have_count(120)
    # The crosses stand where the server's test rows are: the preview's part 2, which a backend
    # test holds to held_out.py's rows; the training points are the rest.
    points = api_of(page).get("/api/datasets/spiral/preview?test_fraction=0.1").json()["points"]
    drawn, expected = crosses(scatter), placed(points, 2)
    assert len(drawn) == len(expected) == 48
    assert all(
        abs(a - c) < 0.2 and abs(b - d) < 0.2
        for (a, b), (c, d) in zip(drawn, expected, strict=True)
    )
    screenshot("plane-scatter-test-set")

    # The training share moves both: 300 training points, of which 30 are kept apart.
    page.get_by_test_id("train-share").fill("50")
    expect(page.get_by_test_id("dataset-sizes")).to_contain_text(
        "270 train / 300 validation / 30 test"
    )
    expect(caption).to_contain_text(
        "270 training points (filled), 300 validation (hollow), 30 test (crosses)"
    )
    expect(scatter.locator("path.test-point")).to_have_count(30)
    # Another share: the preview is asked again, and marks its rows.
    page.get_by_test_id("test-fraction-input").fill("0.5")
    expect(scatter.locator("path.test-point")).to_have_count(150)
    expect(caption).to_contain_text("150 training points (filled), 300 validation (hollow)")
    page.get_by_test_id("test-fraction-input").fill("0")
    expect(scatter.locator("path.test-point")).to_have_count(0)
    expect(caption).to_have_text(
        "x₁ across, x₂ up: 300 training points (filled), 300 validation (hollow)"
    )

    page.get_by_test_id("test-fraction-input").fill("0.2")
    expect(scatter.locator("path.test-point")).to_have_count(60)
    page.set_viewport_size(PHONE)
    scatter.scroll_into_view_if_needed()
    box = scatter.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot("plane-scatter-test-set-phone")
