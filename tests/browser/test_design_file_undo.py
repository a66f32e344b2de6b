"""Load a file with a misspelt layer type: one error that names the type meant; Undo takes the
whole load back, the design's name and the load's message with the layers."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, load_design_file, open_editor

# A reviewer's file: the name "x" and one layer whose type is misspelt.
BAD_TWO = {
    "version": 1,
    "name": "x",
    "input_shape": [1, 8, 8],
    "layers": [{"id": "a", "type": "Linera", "params": {"out_features": 10}}],
}


def test_a_misspelt_type_is_one_error_that_names_the_type_meant(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    load_design_file(page, "bad2.json", BAD_TWO)
    expect(page.get_by_test_id("load-ok")).to_have_text(
        "Loaded bad2.json: 1 layer, with 1 error to fix below."
    )
    card = page.get_by_test_id("layer-card-a")
    # Once, not once from the browser and once from the server with all thirty types after it.
    expect(card.locator(".layer-error")).to_have_count(1)
    expect(card.locator(".layer-error")).to_have_text(
        "Layer a has unknown type Linera. Did you mean Linear? "
        "Replace the layer with a Linear from the palette."
    )

    unknown = {**BAD_TWO, "layers": [{"id": "act", "type": "Swish"}]}
    load_design_file(page, "swish.json", unknown)
    expect(page.get_by_test_id("error-act")).to_have_text(
        "Layer act has unknown type Swish. Replace it with a layer from the palette (Add a layer)."
    )


def test_undo_after_a_load_brings_back_the_name_and_drops_the_message(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("design-name").fill("my-spiral")
    add_layer(page, "Flatten")
    load_design_file(page, "bad2.json", BAD_TWO)
    expect(page.get_by_test_id("design-name")).to_have_value("x")
    expect(page.get_by_test_id("load-ok")).to_contain_text("Loaded bad2.json")

    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("layer-card-flat1")).to_be_visible()
    expect(page.get_by_test_id("design-name")).to_have_value("my-spiral")
    expect(page.get_by_test_id("load-ok")).to_have_count(0)

    # Redo loads the file again, its name with it; the name typed before is a step of its own.
    page.get_by_test_id("redo").click()
    expect(page.get_by_test_id("design-name")).to_have_value("x")
    expect(page.get_by_test_id("layer-card-a")).to_be_visible()
