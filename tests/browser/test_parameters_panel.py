"""The Parameters panel: a layer whose count is unknown because of an error is not called
parameter-free, and an edit redraws only the rows whose tensors it changed."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import add_layer, load_design_file, open_editor, set_param


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


THREE_LINEAR = {
    "version": 1,
    "name": "three-linear",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act1", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 32}},
        {"id": "act2", "type": "ReLU"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 10}},
    ],
}

# React keeps on each element the props it last drew it with: a row drawn again gets a new props
# object even where its text comes out the same, so a kept one means the row was not drawn again.
_DRAWN_PROPS = """(rows) => rows.map((row) => {
  const key = Object.keys(row).find((k) => k.startsWith("__reactProps$"));
  return row[key];
})"""
_ROWS = '[data-testid="parameters-fc2"], [data-testid="parameters-fc3"]'


def test_an_edit_redraws_only_the_parameter_rows_it_changes(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    page.get_by_test_id("list-tab").click()
    load_design_file(page, "three.json", THREE_LINEAR)
    weight = page.get_by_test_id("parameter-fc2.weight")
    expect(weight.locator(".shape")).to_have_text("(32, 32)")
    page.evaluate(
        f"() => {{ window.__rows = [...document.querySelectorAll('{_ROWS}')];"
        f" window.__drawn = ({_DRAWN_PROPS})(window.__rows); }}"
    )

    set_param(page, "fc1", "out_features", "48")  # fc2 now takes 48 inputs; fc3 is as it was
    expect(weight.locator(".shape")).to_have_text("(32, 48)")
    expect(page.get_by_test_id("parameters-total")).to_have_text(
        f"{64 * 48 + 48 + 48 * 32 + 32 + 330:,}"
    )
    kept = page.evaluate(
        f"""() => {{
        const rows = [...document.querySelectorAll('{_ROWS}')];
        const drawn = ({_DRAWN_PROPS})(rows);
        return rows.map((row, i) => row === window.__rows[i] && drawn[i] === window.__drawn[i]);
    }}"""
    )
    assert kept == [False, True], f"fc2's rows must be redrawn and fc3's kept: {kept}"
