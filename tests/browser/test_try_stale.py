"""Try it on a table never shows an answer as the one for values it was not given: once a value
is edited the last answer is greyed as the previous values' until the answer for the new ones
comes (test_try_live), and a refused question clears it, with the server's message read as a
sentence (not from its field, "input: ")."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, train_through_page

WINE_MLP = {
    "version": 1,
    "name": "wine-mlp",
    "input_shape": [13],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 3}},
    ],
}
TRAINING = {
    "dataset": "wine",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "epochs": 3,
    "batch_size": 32,
}
# 1e308 is infinity in float32: the model answered for a sample nobody typed, until refused.
PAST_FLOAT32 = (
    "The sample holds 1e+308 as alcohol (position 0, counting from 0), outside the range of "
    "float32 (±3.4e+38), the numbers training uses: give numbers within it, such as values in "
    "the range of the dataset's samples."
)


def test_an_answer_goes_stale_and_a_refusal_clears_it(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, WINE_MLP, TRAINING)
    page.goto(f"{server_url}/models/{run_id}")
    answer = page.get_by_test_id("prediction")
    first = page.get_by_test_id("feature-0")
    page.get_by_test_id("predict-button").click()
    expect(page.get_by_test_id("predicted-class")).to_be_visible()
    expect(answer).to_have_attribute("data-stale", "false")
    expect(page.get_by_test_id("prediction-stale")).to_have_count(0)

    # Half typed: nothing is asked, and the answer stays to compare with, marked as the previous
    # values'.
    first.fill("")
    expect(page.get_by_test_id("feature-missing")).to_have_text("Give a number for alcohol.")
    expect(answer).to_have_attribute("data-stale", "true")
    expect(page.get_by_test_id("prediction-stale")).to_have_text("For the previous values.")
    screenshot("try-it-stale")
    page.set_viewport_size(PHONE)
    screenshot("try-it-stale-phone")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # A number again: answered by itself, and no longer marked.
    first.fill("13.5")
    expect(answer).to_have_attribute("data-stale", "false")

    # Refused (asked by itself as typed): the earlier answer goes, and the message starts as a
    # sentence, not with "input: ".
    first.fill("1e308")
    expect(page.get_by_test_id("try-error")).to_have_text(PAST_FLOAT32)
    expect(answer).to_have_count(0)
    expect(page.get_by_test_id("probabilities")).to_have_count(0)
    screenshot("try-it-refused")
    page.set_viewport_size(PHONE)
    screenshot("try-it-refused-phone")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # A value it takes: an answer again, and the error gone; Predict asks too.
    first.fill("13")
    page.get_by_test_id("predict-button").click()
    expect(page.get_by_test_id("predicted-class")).to_be_visible()
    expect(page.get_by_test_id("try-error")).to_have_count(0)
    expect(answer).to_have_attribute("data-stale", "false")
