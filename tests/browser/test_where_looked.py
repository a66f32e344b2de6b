"""Show where it looked: after a digit picture is tried on a trained digits CNN, the button draws
Grad-CAM's map over the picture, with a legend naming the class and the layer and the map said in
words; another class can be picked; a drawn digit gets its own map; a model with no convolution
shows no button; the map can be made at another layer; the panel fits a phone."""

import io
import re
from collections.abc import Callable

from PIL import Image
from playwright.sync_api import FilePayload, Locator, Page, expect
from sklearn.datasets import load_digits

from tests.backend.conftest import DIGITS_CNN
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, train_through_page
from tests.browser.test_share import TRAINING, draw_a_stroke

DIGITS_MLP = {
    "version": 1,
    "name": "digits-mlp",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def digit_png() -> bytes:
    """A real digit from scikit-learn's set (a 0), as the 8×8 grey PNG a person might upload."""
    pixels = (load_digits().images[0] * (255 / 16)).round().astype("uint8")  # (8, 8), 0..16
    picture = io.BytesIO()
    Image.fromarray(pixels).save(picture, format="PNG")
    return picture.getvalue()


def colours(canvas: Locator) -> list[tuple[int, int, int]]:
    """The overlay canvas's pixels as (r, g, b)."""
    pixels: list[int] = canvas.evaluate(
        """c => Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data)"""
    )
    return [(pixels[i], pixels[i + 1], pixels[i + 2]) for i in range(0, len(pixels), 4)]


def try_a_digit(page: Page, server_url: str) -> tuple[str, bytes]:
    """Trains a digits CNN through the page, then tries a real digit's picture on its model
    page until its answer shows; the run's id and the picture."""
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_CNN, {**TRAINING, "epochs": 3, "batch_size": 64})
    page.goto(f"{server_url}/models/{run_id}")
    picture = digit_png()
    zero: FilePayload = {"name": "zero.png", "mimeType": "image/png", "buffer": picture}
    page.get_by_test_id("picture-file").set_input_files(files=[zero])
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
    return run_id, picture


def test_show_where_the_model_looked(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    run_id, picture = try_a_digit(page, server_url)
    predicted = page.get_by_test_id("predicted-class")
    answer = predicted.inner_text()

    seen = page.get_by_test_id("seen-picture").bounding_box()  # 8×8, drawn 96 a side
    assert seen is not None and (round(seen["width"]), round(seen["height"])) == (96, 96)
    panel = page.get_by_test_id("where-looked")
    show = panel.get_by_role("button", name="Show where it looked")
    expect(show).to_have_attribute("aria-expanded", "false")
    show.click()
    expect(panel.get_by_role("button", name="Hide where it looked")).to_have_attribute(
        "aria-expanded", "true"
    )
    overlay = panel.get_by_test_id("heat-overlay")
    expect(overlay).to_have_attribute("data-class", answer)
    expect(overlay).to_have_attribute("data-layer", "conv1")  # the last (only) Conv2d
    legend = panel.get_by_test_id("heat-legend")
    expect(legend).to_have_text(
        f"Brighter places drove the score for “{answer}” more (Grad\u2011CAM at layer conv1, Conv2d)."
    )
    words = panel.get_by_test_id("heat-words")
    expect(words).to_have_text(re.compile(r"^Strongest in the [a-z -]+, over [a-z ]+ picture\.$"))
    expect(overlay).to_have_attribute(
        "aria-label", f"Where the model looked for “{answer}”: {words.inner_text()}"
    )
    # A screen reader hears the map arrive, as it hears an answer.
    expect(panel.get_by_test_id("where-looked-said")).to_have_text(
        f"Where it looked for “{answer}”: {words.inner_text()}"
    )
    # The map as the server made it, and the words the page says for it.
    url = f"/api/runs/{run_id}/grad-cam-image"
    cam = api_of(page).post(url, data=picture, headers={"Content-Type": "image/png"}).json()
    assert (cam["class_name"], cam["layer"], len(cam["heat"])) == (answer, "conv1", 64)
    drawn = colours(overlay)
    assert overlay.evaluate("c => [c.width, c.height]") == [192, 192]
    assert len(set(drawn)) > 20  # the picture under a map: many colours, not a flat fill
    warm = [pixel for pixel in drawn if pixel[0] > pixel[2] + 80]  # the map's orange and yellow
    assert len(warm) > 400, len(warm)  # over the grey picture: where it looked, at least 1%
    select = panel.get_by_test_id("explain-class")
    expect(select.locator("option")).to_have_count(10)
    expect(select.locator("option:checked")).to_contain_text(f"{answer} · ")
    expect(select.locator("option:checked")).to_contain_text("(predicted)")
    # Each runner-up's chance reads apart from the next ("0.0%" for all nine hid which came
    # second), and they are listed from the likeliest down.
    texts = select.locator("option").all_inner_texts()
    chances = [text.split(" · ")[1].split("%")[0] for text in texts]
    assert "0.0" not in chances, texts
    shown = [float(chance.lstrip("<")) for chance in chances]
    assert shown == sorted(shown, reverse=True), texts
    assert serious_violations(page) == []
    screenshot("where-looked-desktop")
    page.emulate_media(color_scheme="dark")
    assert serious_violations(page) == []  # the legend and its words read in either theme
    screenshot("where-looked-desktop-dark")
    page.emulate_media(color_scheme="light")

    # The second guess: its own map and legend.
    second = select.locator("option").nth(1)
    second_class = second.inner_text().split(" · ")[0]
    select.select_option(index=1)
    expect(overlay).to_have_attribute("data-class", second_class)
    expect(legend).to_contain_text(f"“{second_class}”")
    page.wait_for_function(
        """([before]) => { const c = document.querySelector('[data-testid="heat-overlay"]');
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        return d.some((v, i) => v !== before[i]); }""",
        arg=[[value for pixel in drawn for value in (*pixel, 255)]],
    )
    assert colours(overlay) != drawn

    # At another layer: the map is made from its output, for the class chosen.
    layer = panel.get_by_role("combobox", name="at layer")
    expect(layer).to_have_value("conv1")  # the server's choice, as its answer said
    expect(layer.locator("option")).to_have_text(
        ["conv1 · Conv2d (16×8×8) (default)", "act1 · ReLU (16×8×8)", "pool1 · MaxPool2d (16×4×4)"]
    )
    layer.select_option("pool1")
    expect(overlay).to_have_attribute("data-layer", "pool1")
    expect(legend).to_have_text(
        f"Brighter places drove the score for “{second_class}” more (Grad\u2011CAM at layer pool1, MaxPool2d)."
    )
    screenshot("where-looked-layer")

    # A drawn digit: a map of its own, for its own predicted class again.
    page.get_by_role("button", name="Clear").click()
    expect(panel).to_have_count(0)
    draw_a_stroke(page)
    expect(predicted).to_have_text(re.compile(r"^\d$"))
    expect(select.locator("option:checked")).to_contain_text("(predicted)")
    expect(overlay).to_have_attribute("data-class", predicted.inner_text())
    expect(layer).to_have_value("pool1")  # the layer chosen stays for the next picture
    expect(overlay).to_have_attribute("data-layer", "pool1")
    layer.select_option("conv1")
    expect(overlay).to_have_attribute("data-layer", "conv1")
    expect(words).to_contain_text("Strongest in")

    page.set_viewport_size(PHONE)
    overlay.scroll_into_view_if_needed()
    box = overlay.bounding_box()
    legend_box = legend.bounding_box()
    assert box is not None and legend_box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert legend_box["x"] + legend_box["width"] <= PHONE["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"], overflow
    screenshot("where-looked-phone")


def test_a_model_with_no_convolution_shows_no_button(page: Page, server_url: str) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, DIGITS_MLP, {**TRAINING, "epochs": 1, "batch_size": 64})
    page.goto(f"{server_url}/models/{run_id}")
    draw_a_stroke(page)
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
    expect(page.get_by_test_id("where-looked")).to_have_count(0)
