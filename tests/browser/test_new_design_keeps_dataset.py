"""New design keeps the chosen dataset and its loss (it once switched back to the digits, and the
next template and run went there); a template made for one dataset says so when it moves off the
chosen one; Undo after New design, or after such a template, brings back the layers on the data
they were made for."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor, open_template


def _layer_ids(page: Page) -> list[str]:
    cards = page.locator("[data-testid^='layer-card-']")
    return [str(c.get_attribute("data-testid")).removeprefix("layer-card-") for c in cards.all()]


def test_new_design_keeps_the_dataset_and_undo_brings_the_layers_back(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    dataset = page.get_by_test_id("dataset-select")
    loss = page.get_by_test_id("loss-select")
    dataset.select_option("sine")
    open_template(page, "mlp")
    made = ["fc1", "act1", "fc2", "act2", "out"]  # a point of the sine needs no Flatten
    expect(page.get_by_test_id("layer-card-out")).to_be_visible()
    assert _layer_ids(page) == made

    page.get_by_test_id("new-design").click()
    expect(page.locator("[data-testid^='layer-card-']")).to_have_count(0)
    expect(dataset).to_have_value("sine")
    expect(loss).to_have_value("MSELoss")

    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("layer-card-out")).to_be_visible()
    assert _layer_ids(page) == made
    expect(dataset).to_have_value("sine")
    expect(page.get_by_test_id("train-button")).to_be_enabled()  # the layers fit the data

    # The MLP after New design is built for the sine, not for the digits.
    page.get_by_test_id("new-design").click()
    open_template(page, "mlp")
    expect(page.get_by_test_id("layer-card-out")).to_be_visible()
    assert _layer_ids(page) == made
    expect(page.get_by_test_id("design-notice")).to_have_count(0)

    # A template made for the digits may move there, and says it did.
    open_template(page, "lenet")
    expect(dataset).to_have_value("digits")
    expect(page.get_by_test_id("design-notice")).to_contain_text(
        "The LeNet-style CNN template is made for Handwritten digits (8×8): "
        "the dataset is now Handwritten digits (8×8), not Noisy sine."
    )

    # Undo past it: the sine's layers come back, on the sine, and the loss with it.
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("layer-card-out")).to_be_visible()
    assert _layer_ids(page) == made
    expect(dataset).to_have_value("sine")
    expect(loss).to_have_value("MSELoss")
    expect(page.get_by_test_id("design-notice")).to_contain_text(
        "Undo: the dataset is Noisy sine again, the one these layers were made for."
    )
    expect(page.get_by_test_id("train-button")).to_be_enabled()

    # Redo: LeNet again, on the digits it was made for (it stood on the sine, an error).
    page.get_by_test_id("redo").click()
    expect(page.get_by_test_id("layer-card-out")).to_have_count(0)
    expect(dataset).to_have_value("digits")
    expect(page.get_by_test_id("design-notice")).to_contain_text(
        "Redo: the dataset is Handwritten digits (8×8) again, the one these layers were made for."
    )
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    page.get_by_test_id("undo").click()  # and back, as often as one likes
    expect(dataset).to_have_value("sine")
    expect(page.get_by_test_id("train-button")).to_be_enabled()
