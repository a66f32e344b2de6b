"""Emptying a residual block's branch leaves its Add one input, as ENNUI and Deep Network Designer
do: the Add says so and offers, in one click, to go; Undo takes back each step in one."""

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import open_editor, open_layer, open_template

BRANCH = ("conv2", "act2", "conv3")  # act1 → conv2 → act2 → conv3 → add, beside the skip act1 → add


def test_an_emptied_branch_leaves_an_add_that_offers_to_go(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    open_template(page, "residual")
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
    for layer_id in BRANCH:
        open_layer(page, layer_id)
    delete = page.get_by_test_id("delete-selected")  # the open layers, in one step
    expect(delete).to_have_text("Delete conv2, act2, conv3")  # some may be scrolled away
    expect(delete).to_have_attribute("title", "Delete the open layers: conv2, act2, conv3")
    delete.click()
    for layer_id in BRANCH:
        expect(page.get_by_test_id(f"layer-card-{layer_id}")).to_have_count(0)

    error = page.get_by_test_id("error-add")
    expect(error).to_contain_text("Add add joins branches but has 1 input, from act1")
    expect(page.get_by_test_id("train-button")).to_be_disabled()
    fix = page.get_by_test_id("fix-add")
    expect(fix).to_have_text("Fix: Remove add, passing act1 on")
    fix.click()
    expect(page.get_by_test_id("layer-card-add")).to_have_count(0)
    expect(page.get_by_test_id("inputs-act3")).to_have_count(0)  # a stack again: act1 → act3
    expect(page.get_by_test_id("shape-output")).to_have_text("(10)")
    expect(page.get_by_test_id("train-button")).to_be_enabled()

    page.get_by_test_id("undo").click()  # the Add is back, with its one input
    expect(page.get_by_test_id("error-add")).to_contain_text("has 1 input, from act1")
    page.get_by_test_id("undo").click()  # the branch is back, and the Add has two inputs
    for layer_id in BRANCH:
        expect(page.get_by_test_id(f"layer-card-{layer_id}")).to_be_visible()
    expect(page.get_by_test_id("error-add")).to_have_count(0)
    expect(page.get_by_test_id("total-params")).to_have_text("7,370 parameters")
