"""The model page by keyboard and screen reader: a download being made says so and says when it is
done; a mistake opened in Try it takes the focus there (it stayed on the link far below); revoking a
share link asks with the focus on Keep it, Escape keeps it, and the focus and a polite word follow
what was chosen (it fell to <body>, and nothing said "revoked")."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.browser_steps import train_through_page
from tests.browser.test_share import TRAINING

FOCUSED = "document.activeElement?.dataset.testid ?? document.activeElement?.tagName"
IN_TRY_IT = "!!document.activeElement?.closest('section[aria-label=\"Try it\"]')"


def test_the_model_page_by_keyboard(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    # One epoch of the digits CNN leaves a few mistakes.
    run_id = train_through_page(
        page, DIGITS_CNN, {**TRAINING, "epochs": 1, "batch_size": 64, "seed": 0}
    )
    page.goto(f"{server_url}/models/{run_id}")

    # The ONNX file, made on its first download: said as it is made, and when it is done.
    said = page.get_by_test_id("file-said-model.onnx")
    expect(said).to_have_attribute("role", "status")
    expect(said).to_have_text("")  # there before its words, so they are read
    page.get_by_test_id("file-model.onnx").focus()
    with page.expect_download():
        page.keyboard.press("Enter")
        expect(said).to_have_text("Preparing the ONNX file…")
    expect(said).to_have_text(
        re.compile(r"^The ONNX file is ready and downloaded \(\d+(\.\d+)? KiB\)\.$")
    )

    # A mistake opened in Try it: the focus goes with it, and Tab goes on inside Try it.
    mistake = page.get_by_test_id("model-mistakes").locator("a.mistake-open").first
    mistake.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("try-sample")).to_be_focused()
    expect(page.get_by_test_id("try-sample")).to_be_in_viewport()
    page.keyboard.press("Tab")
    assert page.evaluate(IN_TRY_IT), page.evaluate(FOCUSED)
    screenshot("keyboard-mistake-opened")

    # A share link, then Revoke… by keyboard.
    page.get_by_test_id("create-share").focus()
    page.keyboard.press("Enter")
    ending = page.get_by_test_id("share-url").input_value()[-4:]
    revoke = page.get_by_test_id("revoke-share")
    revoke.focus()
    page.keyboard.press("Enter")
    # The question takes the focus on its safe answer, and names the group the focus is in.
    question = f"Revoke …{ending}? Anyone who has it loses the model."
    expect(page.get_by_test_id("revoke-no")).to_be_focused()
    expect(page.get_by_role("group", name=question)).to_be_visible()
    assert (
        page.evaluate("document.activeElement.closest('[role=group]')?.dataset.testid")
        == "revoke-confirm"
    )
    screenshot("keyboard-revoke-asked")
    # Escape keeps it: the question goes, the focus is back on Revoke….
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("revoke-confirm")).to_have_count(0)
    expect(revoke).to_be_focused()
    # Keep it, pressed: the same.
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("revoke-no")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("revoke-confirm")).to_have_count(0)
    expect(revoke).to_be_focused()
    expect(page.get_by_test_id("share-list")).not_to_contain_text("revoked")
    # Revoke: the line has no button left; the focus goes on to Create link, and it is said.
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")  # Keep it's neighbour: Revoke
    expect(page.get_by_test_id("revoke-yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("share-list")).to_contain_text("revoked")
    expect(page.get_by_test_id("create-share")).to_be_focused()
    status = page.get_by_test_id("share-copied")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(f"Link …{ending} revoked.")
    screenshot("keyboard-revoked")
