"""On a phone, the line under the palette says the latest change to the layers, never an old one:
"Loaded the LeNet-style CNN template: 10 layers." stayed over an empty New design, a loaded file's
design and an Undo. A param's edit keeps it (clearing it would move the layers as one types)."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import load_design_file, open_editor, open_template, set_param
from tests.browser.written_run import DIGITS_MLP

LENET = "Loaded the LeNet-style CNN template: 10 layers."


def test_the_line_under_the_palette_clears_when_the_layers_change_otherwise(
    phone: Page, server_url: str
) -> None:
    open_editor(phone, server_url)
    said = phone.get_by_test_id("layer-added")
    open_template(phone, "lenet")
    expect(said).to_have_text(LENET)
    expect(said).to_be_visible()
    phone.get_by_test_id("new-design").click()
    expect(phone.get_by_test_id("layer-card-conv1")).to_have_count(0)
    expect(said).to_have_text("")
    # Undo brings the template back: the line does not say it was loaded again.
    phone.get_by_test_id("undo").click()
    expect(phone.get_by_test_id("layer-card-conv1")).to_have_count(1)
    expect(said).to_have_text("")
    # An add is said; an edit of its param keeps the line; Undo of the add clears it.
    phone.get_by_test_id("palette-Linear").tap()
    expect(said).to_have_text("Added Linear fc3.")
    set_param(phone, "fc3", "out_features", "7")
    expect(phone.locator("#param-fc3-out_features")).to_have_value("7")
    expect(said).to_have_text("Added Linear fc3.")
    phone.get_by_test_id("undo").click()  # the edit
    phone.get_by_test_id("undo").click()  # the add
    expect(phone.get_by_test_id("layer-card-fc3")).to_have_count(0)
    expect(said).to_have_text("")
    # A template said again, then a file loaded over it.
    open_template(phone, "lenet")
    expect(said).to_have_text(LENET)
    load_design_file(phone, "mine.json", DIGITS_MLP)
    expect(phone.get_by_test_id("layer-card-fc")).to_have_count(1)
    expect(said).to_have_text("")
