"""The Parameters panel: a layer whose count is unknown because of an error is not called parameter-free."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, open_editor, set_param


def test_layers_in_error_are_not_listed_as_having_no_parameters(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    add_layer(page, "ReLU")
    add_layer(page, "Linear")  # on the 8×8 digits without a Flatten: fc1 is in error
    expect(page.get_by_test_id("layer-card-fc1")).to_contain_text("add a Flatten before it")
    expect(page.get_by_test_id("parameters-none")).to_have_text("No parameters: relu1")

    page.get_by_test_id("new-design").click()
    for layer in ("ReLU", "Conv2d", "Flatten", "Linear"):
        add_layer(page, layer)
    expect(page.get_by_test_id("parameters-none")).to_have_text("No parameters: relu1, flat1")
    set_param(
        page, "conv1", "kernel_size", "20"
    )  # larger than the 8×8 image: conv1 fails, and all after it
    expect(page.get_by_test_id("layer-card-conv1")).to_contain_text("kernel")
    expect(page.get_by_test_id("parameters-none")).to_have_text("No parameters: relu1")
