"""The network's output against the loss and the dataset's classes, checked live as the design changes."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.browser_steps import PHONE, add_layer, open_editor, set_param, upload_flowers


def test_too_few_outputs_for_the_classes_is_an_error_before_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    train = page.get_by_test_id("train-button")
    expect(train).to_be_enabled()
    set_param(page, "fc1", "out_features", "3")  # digits has 10 classes
    card = page.get_by_test_id("layer-card-fc1")
    expect(card).to_contain_text(
        "CrossEntropyLoss needs one output per class: the last layer fc1 gives (3), "
        "the dataset “Handwritten digits (8×8)” has 10 classes. Set out_features of fc1 to 10."
    )
    expect(train).to_be_disabled()
    expect(page.get_by_test_id("train-disabled-reason")).to_contain_text(
        "Set out_features of fc1 to 10."
    )
    set_param(page, "fc1", "out_features", "10")
    expect(train).to_be_enabled()

    # NLLLoss wants log-probabilities: a hint, which does not stop Train.
    page.get_by_test_id("loss-select").select_option("NLLLoss")
    expect(page.get_by_test_id("train-hint").locator("p")).to_have_text(
        "NLLLoss expects log-probabilities, but the last layer fc1 is a Linear: end with "
        "LogSoftmax (or use CrossEntropyLoss, which applies it itself)."
    )
    expect(train).to_be_enabled()
    screenshot("nll-hint")
    # Its fix ends the network with a LogSoftmax, and the hint goes.
    fix = page.get_by_test_id("train-hint-fix")
    expect(fix).to_have_text("Fix: End with a LogSoftmax after fc1")
    fix.click()
    expect(page.get_by_test_id("layer-card-logsoftmax1")).to_be_visible()
    expect(page.get_by_test_id("train-hint")).to_have_count(0)
    expect(page.get_by_test_id("shape-output")).to_have_text("(10)")

    # CrossEntropyLoss applies softmax itself: a Softmax before it squeezes the scores twice (a
    # LogSoftmax trains the same, so says nothing), and its Fix removes it.
    page.get_by_test_id("loss-select").select_option("CrossEntropyLoss")
    expect(page.get_by_test_id("train-hint")).to_have_count(0)
    add_layer(page, "Softmax")
    expect(page.get_by_test_id("train-hint").locator("p")).to_contain_text(
        "CrossEntropyLoss applies softmax itself: the Softmax softmax1 at the end makes it "
        "apply softmax twice"
    )
    page.get_by_test_id("train-hint-fix").click()
    expect(page.get_by_test_id("layer-card-softmax1")).to_have_count(0)
    expect(page.get_by_test_id("train-hint")).to_have_count(0)


def test_an_uploaded_csv_checks_the_output_against_its_own_classes(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    upload_flowers(page)
    expect(page.get_by_test_id("shape-input")).to_have_text("(4)")

    add_layer(page, "Linear")  # out_features 10, but the CSV has 3 species
    train = page.get_by_test_id("train-button")
    card = page.get_by_test_id("layer-card-fc1")
    expect(card).to_contain_text(
        "CrossEntropyLoss needs one output per class: the last layer fc1 gives (10), "
        "the dataset “flowers.csv” has 3 classes. Set out_features of fc1 to 3."
    )
    expect(train).to_be_disabled()
    screenshot("upload-output-fit")
    fix = page.get_by_test_id("fix-fc1")
    expect(fix).to_have_text("Fix: Set out_features of fc1 to 3")
    fix.click()  # one click sets the last Linear to the CSV's 3 classes
    expect(card).not_to_contain_text("needs one output per class")
    expect(page.get_by_test_id("shape-fc1")).to_have_text("(3)")
    expect(train).to_be_enabled()
    page.get_by_test_id("undo").click()  # and Undo takes it back
    expect(card).to_contain_text("Set out_features of fc1 to 3.")


def test_bce_with_logits_on_ten_classes_is_a_hint_to_use_cross_entropy(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """BCEWithLogitsLoss on the digits trains ten yes/no answers: said, as MSELoss on classes is,
    without stopping Train."""
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    page.get_by_test_id("loss-select").select_option("BCEWithLogitsLoss")
    hint = page.get_by_test_id("train-hint")
    expect(hint.locator("p")).to_have_text(
        "BCEWithLogitsLoss is for two classes or multi-label 0/1 targets: on the 10 classes of "
        "“Handwritten digits (8×8)” it answers a separate yes or no for each class, so it trains "
        "slower and its outputs are not one class's probabilities. For 10 classes use "
        "CrossEntropyLoss."
    )
    expect(page.get_by_test_id("train-button")).to_be_enabled()
    hint.scroll_into_view_if_needed()
    screenshot("bce-ten-classes-hint")
    page.set_viewport_size(PHONE)
    hint.scroll_into_view_if_needed()
    expect(hint).to_be_visible()
    screenshot("bce-ten-classes-hint-phone")
    page.get_by_test_id("loss-select").select_option("CrossEntropyLoss")
    expect(hint).to_have_count(0)


def test_a_bounded_end_of_a_regression_is_a_hint_with_its_remove(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """A Sigmoid after a regression's last Linear keeps every prediction in (0, 1): on the
    diabetes set's standardised targets (the editor says so to the server), a hint whose Fix
    removes it."""
    open_editor(page, server_url)
    page.get_by_test_id("dataset-select").select_option("diabetes")
    expect(page.get_by_test_id("loss-select")).to_have_value("MSELoss")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "1")
    add_layer(page, "Sigmoid")
    hint = page.get_by_test_id("train-hint").locator("p")
    expect(hint).to_contain_text(
        "MSELoss on the standardised targets of “Diabetes progression” (their mean 0, many of "
        "them below it) wants predictions of any value, but the Sigmoid sigmoid1 at the end "
        "keeps each between 0 and 1"
    )
    expect(page.get_by_test_id("train-button")).to_be_enabled()  # a hint, not an error
    screenshot("regression-bounded-end-hint")
    page.get_by_test_id("train-hint-fix").click()
    expect(page.get_by_test_id("layer-card-sigmoid1")).to_have_count(0)
    expect(page.get_by_test_id("train-hint")).to_have_count(0)
