"""Try a colour image model on a picture: choose a file or drop one on the panel, see the answer
and the picture as the model saw it; a file that is no picture gets the server's message."""

import io
import re
import zipfile
from collections.abc import Callable

from playwright.sync_api import Page, Route, expect

from tests.backend.upload_files import shapes_zip
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import train_through_page

DESIGN = {
    "version": 1,
    "name": "shapes",
    "input_shape": [3, 16, 16],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
    ],
}


def trained_on_pictures(page: Page, zipped: bytes) -> str:
    """A run on an upload of the ZIP's image folders, trained for one epoch; its id."""
    file = {"name": "shapes.zip", "mimeType": "application/zip", "buffer": zipped}
    upload = api_of(page).post(
        "/api/datasets", multipart={"file": file, "image_size": "16", "color": "rgb"}
    )
    assert upload.status == 201, upload.text()
    training = {
        "dataset": upload.json()["id"],
        "loss": "CrossEntropyLoss",
        "optimizer": "Adam",
        "lr": 0.01,
        "epochs": 1,
        "batch_size": 8,
    }
    return train_through_page(page, DESIGN, training)


def canvas_pixels(page: Page) -> list[int]:
    """The model's-eye canvas, as red, green and blue bytes row by row."""
    pixels: list[int] = page.get_by_test_id("seen-picture").evaluate(
        """canvas => Array.from(canvas.getContext("2d").getImageData(0, 0, canvas.width,
        canvas.height).data).filter((_, i) => i % 4 !== 3)"""
    )
    return pixels


def test_choose_or_drop_a_picture(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    zipped = shapes_zip(per_class=10, size=20)
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        cross, square = (archive.read(f"shapes/{name}.png") for name in ("crosses/3", "squares/0"))
    page.goto(server_url)
    run_id = trained_on_pictures(page, zipped)
    page.goto(f"{server_url}/models/{run_id}")
    try_it = page.get_by_test_id("try-it")
    expect(page.get_by_test_id("picture-hint")).to_contain_text("made colour and 16×16 pixels")
    expect(try_it.get_by_test_id("draw-grid")).to_have_count(0)  # three channels: no drawing

    page.get_by_test_id("picture-file").set_input_files(
        files=[{"name": "cross.png", "mimeType": "image/png", "buffer": cross}]
    )
    expect(page.get_by_test_id("predicted-class")).to_have_text(re.compile("^(crosses|squares)$"))
    expect(page.get_by_test_id("probabilities").locator("li")).to_have_count(2)
    expect(page.get_by_test_id("seen-picture")).to_be_visible()
    api = (
        api_of(page)
        .post(
            f"/api/runs/{run_id}/predict-image", data=cross, headers={"Content-Type": "image/png"}
        )
        .json()
    )
    assert canvas_pixels(page) == api["seen"]["pixels"]  # the sample the model was given
    screenshot("model-page-try-picture")
    page.emulate_media(color_scheme="dark")
    screenshot("model-page-try-picture-dark")
    page.emulate_media(color_scheme="light")

    # Dropped on the panel: the same as chosen.
    dropped = page.evaluate_handle(
        """bytes => { const drop = new DataTransfer();
        drop.items.add(new File([new Uint8Array(bytes)], "square.png", {type: "image/png"}));
        return drop; }""",
        list(square),
    )
    try_it.dispatch_event("drop", {"dataTransfer": dropped})
    api = (
        api_of(page)
        .post(
            f"/api/runs/{run_id}/predict-image", data=square, headers={"Content-Type": "image/png"}
        )
        .json()
    )
    best = max(range(2), key=lambda i: api["probabilities"][i])
    expect(page.get_by_test_id("predicted-class")).to_have_text(api["classes"][best])
    assert canvas_pixels(page) == api["seen"]["pixels"]

    # Inside the model, open on the square's layers.
    inside = page.get_by_test_id("inside-model")
    inside.locator("summary").click()
    expect(inside.get_by_test_id("layer-output").first).to_be_visible()

    # A file that is no picture: the server's message, after the file's name, and no answer;
    # Inside the model says it too, without the square's layers (left under it, they read as
    # the refused file's: a walkthrough).
    page.get_by_test_id("picture-file").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a picture"}]
    )
    expect(page.get_by_test_id("try-error")).to_have_text(
        "notes.txt: The file cannot be read as a picture: choose a PNG, JPEG, GIF, BMP, WebP or TIFF image."
    )
    expect(page.get_by_test_id("predicted-class")).to_have_count(0)
    expect(page.get_by_test_id("seen-picture")).to_have_count(0)
    expect(inside).to_contain_text("The file cannot be read as a picture")
    expect(inside.get_by_test_id("layer-output")).to_have_count(0)
    inside.locator("summary").click()  # closed again, as the rest of this test had it

    # Two pictures in quick succession, the first answered last: the page keeps the second's.
    # The first's request is known by its body: the two may leave in either order (a CI run).
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if route.request.post_data_buffer == cross:
            held.append(route)
        else:
            route.continue_()

    page.route("**/predict-image", hold_the_first)
    for name, data in (("cross.png", cross), ("square.png", square)):
        page.get_by_test_id("picture-file").set_input_files(
            files=[{"name": name, "mimeType": "image/png", "buffer": data}]
        )
    expect(page.get_by_test_id("seen-picture")).to_be_visible()
    assert canvas_pixels(page) == api["seen"]["pixels"]  # the square's
    with page.expect_response("**/predict-image"):
        held[0].continue_()
    page.wait_for_timeout(500)  # time for a late answer to be drawn, were it drawn
    assert canvas_pixels(page) == api["seen"]["pixels"]
    page.unroute("**/predict-image")
