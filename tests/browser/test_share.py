"""Share a trained model: its page, a link opened by a browser with no cookie, downloads, try it, revoke."""

import re
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, screenshot_page, train_through_page

SHARED_CNN: dict[str, Any] = {**DIGITS_CNN, "name": "shared-cnn"}
TRAINING = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}


def train(page: Page) -> str:
    """Trains through the page's own session, so this browser owns the run."""
    return train_through_page(page, SHARED_CNN, {**TRAINING, "epochs": 4, "batch_size": 32})


def draw_a_stroke(page: Page) -> None:
    box = page.get_by_test_id("draw-grid").bounding_box()
    assert box is not None
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.15
    page.mouse.move(x, top)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x, top + box["height"] * 0.07 * i)
    page.mouse.up()


def test_share_a_model_and_revoke_the_link(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train(page)
    # Renamed on the runs page: the model page heads with that name, as the runs page and the
    # run's page do, and its owner's note under it.
    labels = {"name": "shared cnn, lr 0.01", "note": "Four epochs."}
    assert api_of(page).patch(f"/api/runs/{run_id}", data=labels).ok
    page.goto(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("model-name")).to_have_text("shared cnn, lr 0.01")
    expect(page).to_have_title("shared cnn, lr 0.01 · Model · TorchCanvas")  # tabs tell apart
    expect(page.get_by_test_id("model-note")).to_have_text("Four epochs.")
    expect(page.get_by_test_id("shared-banner")).to_have_count(0)  # the owner's own page
    expect(page.get_by_test_id("model-params")).to_have_text("2,730")
    expect(page.get_by_test_id("model-graph")).to_contain_text("Conv2d · conv1")
    expect(page.get_by_test_id("epoch-chart")).to_be_visible()
    # Downloads say their size; an export not made yet says it is made on the first download.
    expect(page.get_by_test_id("file-weights.safetensors")).to_contain_text(
        re.compile(r"\d+(\.\d+)? KiB")
    )
    expect(page.get_by_test_id("file-model.onnx")).to_contain_text("made on first download")
    # The first ONNX download takes a while to make: the link says so until the file comes.
    onnx = page.get_by_test_id("file-model.onnx")
    with page.expect_download() as made:
        onnx.click()
        expect(onnx).to_contain_text("Preparing…")
        expect(onnx).to_have_attribute("aria-busy", "true")
    assert made.value.suggested_filename == f"shared-cnn-{run_id[:6]}.onnx"
    with page.expect_download() as script:  # the run's own script, as its page downloads it
        page.get_by_test_id("file-code.py").click()
    assert script.value.suggested_filename == f"shared-cnn-{run_id[:6]}.py"
    assert f"TorchCanvas run {run_id}" in Path(script.value.path()).read_text()
    expect(onnx).to_contain_text(re.compile(r"\d+(\.\d+)? KiB"))
    expect(onnx).to_have_attribute("aria-busy", "false")
    page.get_by_label("Expires").select_option("In 1 day")
    page.get_by_test_id("create-share").click()
    expect(page.get_by_test_id("share-url")).to_be_focused()  # selected, ready to copy
    url = page.get_by_test_id("share-url").input_value()
    expect(page.get_by_test_id("share-list")).to_contain_text("expires")
    assert url.startswith(f"{server_url}/s/")
    expect(page.get_by_test_id("revoke-share")).to_have_count(1)
    expect(page.get_by_test_id("share-ending")).to_have_text(f"…{url[-4:]}")  # which link it is
    screenshot("model-page-owner")
    # This browser keeps the link it made: after a reload, its line copies it again (it was "shown
    # once", and a teacher who reloaded before the class had to make another).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.reload()
    expect(page.get_by_test_id("share-url")).to_have_count(0)
    page.get_by_role("button", name=f"Copy link …{url[-4:]}").click()
    expect(page.get_by_test_id("share-copied")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    # A clock two days fast (a PC in the wrong zone) reads the link expired, and says so; it kept
    # the link's address (it forgot it for good: the server keeps only a fingerprint, a review).
    page.clock.set_system_time(datetime.now() + timedelta(days=2))
    page.reload()
    expect(page.get_by_test_id("share-list")).to_contain_text("expired")
    expect(page.get_by_role("button", name=f"Copy link …{url[-4:]}")).to_have_count(0)
    page.clock.set_system_time(datetime.now())
    page.reload()
    expect(page.get_by_test_id("share-list")).to_contain_text("expires")
    expect(page.get_by_role("button", name=f"Copy link …{url[-4:]}")).to_be_visible()
    # And as a QR code, to show a class on a projector (its reading is tested in qrCode.test.ts).
    page.get_by_role("button", name=f"QR code of link …{url[-4:]}").click()
    expect(page.get_by_role("img", name=re.compile(r"^QR code of link"))).to_be_visible()
    screenshot("share-qr")
    # Its owner, opening the link to see what the class will, is told so and shown the way back.
    page.goto(url)
    expect(page.get_by_test_id("shared-banner")).to_contain_text(
        "Your model, as its share link shows it: anyone with this link sees this read-only page"
    )
    expect(page.get_by_test_id("model-note")).to_have_count(0)  # as others see it
    expect(page.get_by_test_id("create-share")).to_have_count(0)
    screenshot("share-link-owner")
    page.get_by_test_id("shared-own-page").click()
    expect(page).to_have_url(f"{server_url}/models/{run_id}")
    expect(page.get_by_test_id("model-note")).to_have_text("Four epochs.")

    stranger = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    try:
        shared = stranger.new_page()
        response = shared.goto(url)
        assert response is not None and response.headers["referrer-policy"] == "no-referrer"
        expect(shared.get_by_test_id("model-name")).to_have_text("shared cnn, lr 0.01")
        expect(shared).to_have_title("shared cnn, lr 0.01 · Shared model · TorchCanvas")
        expect(shared.get_by_test_id("create-share")).to_have_count(0)  # not the owner
        expect(shared.get_by_test_id("shared-banner")).to_have_text(
            "Shared with you: a read-only view of someone's trained model. Open in editor copies "
            "its design, to train your own."
        )
        expect(shared.get_by_test_id("model-note")).to_have_count(0)  # the owner's own
        expect(shared.get_by_test_id("model-graph").get_by_text("Linear · fc")).to_be_visible()
        assert run_id not in shared.content()

        torchscript = shared.get_by_test_id("file-model.pt")
        expect(torchscript).to_contain_text("made on first download")
        with shared.expect_download() as download:
            shared.get_by_test_id("file-bundle.zip").click()
        with zipfile.ZipFile(download.value.path()) as bundle:
            assert "README.md" in bundle.namelist() and "weights.safetensors" in bundle.namelist()
        # The bundle made the TorchScript file too: its row says its size, not "made on first
        # download" until a reload (an audit).
        expect(torchscript.locator(".file-size")).to_have_text(re.compile(r"^\d+(\.\d)? KiB$"))
        kept = shared.get_by_test_id("file-model.onnx").get_attribute("href")
        assert kept is not None and api_of(shared).get(server_url + kept).status == 200
        # The run's training script, as its owner has it, naming the run as its files do.
        with shared.expect_download() as script:
            shared.get_by_test_id("file-code.py").click()
        assert script.value.suggested_filename == f"shared-cnn-{run_id[:6]}.py"
        text = Path(script.value.path()).read_text()
        assert f"TorchCanvas run {run_id[:6]} " in text and run_id not in text
        assert "class Net(nn.Module):" in text and "def load_data(" in text
        kept_script = shared.get_by_test_id("file-code.py").get_attribute("href")

        draw_a_stroke(shared)
        expect(shared.get_by_test_id("predicted-class")).to_have_text(re.compile(r"^\d$"))
        expect(shared.get_by_test_id("probabilities").locator("li")).to_have_count(10)
        screenshot_page(shared, screenshot, "model-page-shared")

        # Revoke asks first: "Keep it" leaves the link working.
        page.get_by_test_id("revoke-share").click()
        expect(page.get_by_test_id("revoke-confirm")).to_contain_text(f"Revoke …{url[-4:]}?")
        page.get_by_test_id("revoke-no").click()
        expect(page.get_by_test_id("share-list")).not_to_contain_text("revoked")
        assert api_of(shared).get(url).status == 200
        page.get_by_test_id("revoke-share").click()
        page.get_by_test_id("revoke-yes").click()
        expect(page.get_by_test_id("share-list")).to_contain_text("revoked")
        expect(page.get_by_test_id("copy-kept-link")).to_have_count(0)  # and this browser forgot it
        assert url not in (page.evaluate("localStorage.getItem('torchcanvas-share-links')") or "")
        expect(page.get_by_test_id("share-url")).to_have_count(0)  # the dead link is not offered

        gone = shared.goto(url)
        assert gone is not None and gone.status == 410
        expect(shared.get_by_test_id("share-gone")).to_contain_text("revoked")
        # a download URL that was kept fails too
        assert api_of(shared).get(server_url + kept).status == 410
        assert api_of(shared).get(server_url + (kept_script or "")).status == 410
        screenshot_page(shared, screenshot, "share-revoked")

        # What another tab does shows here once this tab is in sight again: a link made there.
        made = api_of(page).post(f"/api/runs/{run_id}/shares", data={}).json()
        page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
        expect(page.get_by_test_id(f"share-{made['id']}")).to_contain_text("no expiry")
        # And on the run's page, a name given there.
        page.goto(f"{server_url}/runs/{run_id}")
        expect(page.get_by_test_id("run-title")).to_have_text("shared cnn, lr 0.01")
        assert api_of(page).patch(f"/api/runs/{run_id}", data={"name": "renamed elsewhere"}).ok
        page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
        expect(page.get_by_test_id("run-title")).to_have_text("renamed elsewhere")
    finally:
        stranger.close()


def fits_the_phone(part: Locator, width: int) -> None:
    expect(part).to_be_visible()
    box = part.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width


def _control(page: Page, path: str, body: dict[str, int] | None = None) -> bool:
    """POSTs as the teacher's page does, with the browser's fetch: page.request's pooled socket,
    idle past the server's keep-alive (5 s), was once reset as it was reused (ECONNRESET); a browser retries."""
    script = """async ([path, body]) => (await fetch(path, {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: body === null ? undefined : JSON.stringify(body),
    })).ok"""
    return bool(page.evaluate(script, [path, body]))


def test_a_class_follows_a_shared_run_live_on_a_phone(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """A teacher shares a run and trains it on while students watch the link: their pages follow
    it live (it grows, pauses, stops and goes on without a reload) and fit a phone's width."""
    page.goto(server_url)
    reply = api_of(page).post(
        "/api/runs",
        data={"design": SHARED_CNN, "training": {**TRAINING, "epochs": 1000, "batch_size": 32}},
    )
    run_id = reply.json()["id"]
    page.goto(f"{server_url}/models/{run_id}")
    # While it trains it has no weights yet: Try it says when it opens, not that none were saved.
    expect(page.get_by_test_id("try-it-waits")).to_have_text(
        "Try it opens when the run ends, with the weights it reached."
    )
    expect(page.get_by_test_id("loss-chart")).not_to_have_attribute("data-points", "0")
    # Shared as it trains: the link shows it live, and the model once it has one.
    expect(page.get_by_test_id("share-needs-weights")).to_have_text(
        "While it trains, a link shows the run live; its Try it and downloads open there when "
        "it ends."
    )
    page.get_by_test_id("create-share").click()
    url = page.get_by_test_id("share-url").input_value()

    student = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        shared = student.new_page()
        shared.goto(url)
        status = shared.get_by_test_id("model-status")
        expect(status).to_have_text("running")
        # Where it is, beside its status, as the run page says it.
        expect(shared.get_by_test_id("model-epoch")).to_have_text(
            re.compile(r"^Epoch \d+ of 1000$")
        )
        chart = shared.get_by_test_id("loss-chart")
        expect(chart).not_to_have_attribute("data-points", "0")
        first = int(chart.get_attribute("data-points") or 0)
        seen = re.compile(rf"^({'|'.join(str(n) for n in range(first + 1))})$")
        expect(chart).not_to_have_attribute("data-points", seen)  # it grows with no reload
        # One column on a phone: nothing wider than the screen, Try it under the architecture.
        assert shared.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        fits_the_phone(chart, PHONE["width"])
        architecture = shared.get_by_role("region", name="Architecture").bounding_box()
        try_it = shared.get_by_role("region", name="Try it").bounding_box()
        assert architecture is not None and try_it is not None
        assert try_it["y"] >= architecture["y"] + architecture["height"]
        screenshot_page(shared, screenshot, "shared-live-phone")

        expect(shared.get_by_test_id("try-it-waits")).to_have_text(
            "Try it opens when the run ends, with the weights it reached."
        )
        assert _control(page, f"/api/runs/{run_id}/pause")
        expect(status).to_have_text("paused")
        assert _control(page, f"/api/runs/{run_id}/cancel")
        expect(status).to_have_text("stopped")
        expect(shared.get_by_test_id("model-epoch")).to_have_count(0)
        expect(shared.get_by_test_id("try-it")).to_be_visible()  # its weights, saved at the stop
        fits_the_phone(shared.get_by_test_id("file-bundle.zip"), PHONE["width"])
        # The teacher goes on: the page that saw it stop follows it again.
        assert _control(page, f"/api/runs/{run_id}/continue", {"epochs": 500})
        expect(status).to_have_text("running")
        # The teacher revokes the link: the open page stops following the run and says why.
        (link,) = api_of(page).get(f"/api/runs/{run_id}/shares").json()
        assert api_of(page).delete(f"/api/runs/{run_id}/shares/{link['id']}").status == 204
        expect(shared.get_by_test_id("share-ended")).to_have_text(
            "This share link was revoked by the model's owner."
        )
        expect(shared.get_by_test_id("loss-chart")).to_have_count(0)
        assert _control(page, f"/api/runs/{run_id}/cancel")
    finally:
        student.close()
