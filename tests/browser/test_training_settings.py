"""The training settings beside the design: a number out of range says so, and Train waits for it."""

from collections.abc import Callable

from playwright.sync_api import Page, Route, expect

from tests.browser.browser_steps import add_layer, open_editor


def test_a_setting_out_of_range_says_why_and_stops_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    train = page.get_by_test_id("train-button")
    reason = page.get_by_test_id("train-disabled-reason")
    expect(train).to_be_enabled()

    # The bounds are the server's (TrainingSettings: lr > 0 and <= 10, 1 <= epochs <= 1000).
    lr = page.get_by_test_id("lr-input")
    for typed, wrong in (("-1", "too small"), ("0", "too small"), ("1000", "too large")):
        lr.fill(typed)
        expect(page.get_by_test_id("lr-input-error")).to_have_text(
            f"{typed} is {wrong}; use a number above 0, at most 10."
        )
        expect(train).to_be_disabled()
        expect(reason).to_have_text(
            f"Learning rate: {typed} is {wrong}; use a number above 0, at most 10."
        )
    screenshot("settings-out-of-range")
    lr.fill("0.01")
    expect(page.get_by_test_id("lr-input-error")).to_have_count(0)
    expect(train).to_be_enabled()

    page.get_by_test_id("epochs-input").fill("0")
    expect(page.get_by_test_id("epochs-input-error")).to_have_text(
        "0 is too small; use a whole number from 1 to 1,000."
    )
    expect(train).to_be_disabled()
    page.get_by_test_id("batch-size-input").fill("")
    expect(page.get_by_test_id("batch-size-input-error")).to_have_text(
        "Enter a whole number from 1 to 65,536."
    )
    page.get_by_test_id("epochs-input").fill("3")
    expect(reason).to_have_text("Batch size: Enter a whole number from 1 to 65,536.")
    page.get_by_test_id("batch-size-input").fill("32")
    expect(train).to_be_enabled()
    expect(reason).to_have_count(0)


def test_clipping_and_patience_say_their_range_and_stop_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    train = page.get_by_test_id("train-button")
    reason = page.get_by_test_id("train-disabled-reason")
    page.get_by_text("Schedule, clipping, early stopping").click()

    # TrainingSettings: 0 < clip_grad_norm <= 1e6, 1 <= early_stopping_patience <= 1000; empty is off.
    clip = page.get_by_test_id("clip-input")
    clip.fill("0")
    expect(page.get_by_test_id("clip-input-error")).to_have_text(
        "0 is too small; use a number above 0, at most 1,000,000."
    )
    expect(train).to_be_disabled()
    expect(reason).to_have_text(
        "Clip gradient norm: 0 is too small; use a number above 0, at most 1,000,000."
    )
    clip.fill("")  # off
    expect(page.get_by_test_id("clip-input-error")).to_have_count(0)
    expect(train).to_be_enabled()

    patience = page.get_by_test_id("patience-input")
    for typed, wrong in (("2.5", "is not a whole number"), ("1001", "is too large")):
        patience.fill(typed)
        expect(page.get_by_test_id("patience-input-error")).to_have_text(
            f"{typed} {wrong}; use a whole number from 1 to 1,000."
        )
        expect(train).to_be_disabled()
        expect(reason).to_have_text(
            f"Early-stopping patience: {typed} {wrong}; use a whole number from 1 to 1,000."
        )
    screenshot("settings-patience-out-of-range")
    patience.fill("3")
    expect(train).to_be_enabled()


def test_loss_optimizer_and_schedule_options_say_their_range_and_stop_train(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    train = page.get_by_test_id("train-button")
    reason = page.get_by_test_id("train-disabled-reason")

    # The catalogue's ranges: SGD's momentum 0 to 0.999, label_smoothing 0 to 0.99, StepLR's
    # step_size 1 to 1000.
    page.get_by_test_id("optimizer-select").select_option("SGD")
    page.get_by_text("SGD options").click()
    page.locator("#param-optimizer-momentum").fill("5")
    expect(page.get_by_test_id("param-optimizer-momentum-error")).to_have_text(
        "5 is too large; use a number from 0 to 0.999."
    )
    expect(train).to_be_disabled()
    expect(reason).to_have_text("SGD momentum: 5 is too large; use a number from 0 to 0.999.")
    screenshot("settings-option-out-of-range")
    # Another optimizer has no momentum: the problem goes with the field.
    page.get_by_test_id("optimizer-select").select_option("Adam")
    expect(train).to_be_enabled()

    page.get_by_text("CrossEntropyLoss options").click()
    smoothing = page.locator("#param-loss-label_smoothing")
    smoothing.fill("1")
    expect(reason).to_have_text(
        "CrossEntropyLoss label_smoothing: 1 is too large; use a number from 0 to 0.99."
    )
    smoothing.fill("0.1")
    expect(train).to_be_enabled()

    page.get_by_text("Schedule, clipping, early stopping").click()
    page.get_by_test_id("scheduler-select").select_option("StepLR")
    step_size = page.locator("#param-scheduler-step_size")
    step_size.fill("0")
    expect(page.get_by_test_id("param-scheduler-step_size-error")).to_have_text(
        "0 is too small; use a whole number from 1 to 1,000."
    )
    expect(reason).to_have_text(
        "StepLR step_size: 0 is too small; use a whole number from 1 to 1,000."
    )
    step_size.fill("")  # the default
    expect(train).to_be_enabled()


def test_the_batch_size_limit_is_the_servers(page: Page, server_url: str) -> None:
    """The field and the size estimate both take the largest batch from the catalogue. The real
    catalogue is answered with a smaller limit, to show that neither has 65,536 written in."""

    def smaller_limit(route: Route) -> None:
        catalog = route.fetch().json()
        catalog["setting_bounds"]["batch_size"]["max"] = 256
        route.fulfill(json=catalog)

    page.route("**/api/catalog", smaller_limit)
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    batch = page.get_by_test_id("batch-size-input")
    batch.fill("1000")
    expect(page.get_by_test_id("batch-size-input-error")).to_have_text(
        "1000 is too large; use a whole number from 1 to 256."
    )
    batch.fill("256")
    expect(page.get_by_test_id("estimate-activations")).to_contain_text("batch of 256")

    # Saved settings over the limit (this tab's copy, which its reload reads): the field says so,
    # and the estimate is for one sample.
    page.evaluate(
        """() => {
            const work = JSON.parse(sessionStorage.getItem("torchcanvas.editor.v1"));
            work.settings.batch_size = 1000;
            sessionStorage.setItem("torchcanvas.editor.v1", JSON.stringify(work));
        }"""
    )
    page.reload()
    expect(page.get_by_test_id("batch-size-input-error")).to_have_text(
        "1000 is too large; use a whole number from 1 to 256."
    )
    expect(page.get_by_test_id("estimate-activations")).to_contain_text("batch of 1)")
    expect(page.get_by_test_id("train-button")).to_be_disabled()


def test_the_size_estimate_counts_a_batch_of_at_most_the_training_samples(
    page: Page, server_url: str
) -> None:
    """A batch larger than the digits' 1,437 training samples trains them all in one batch: the
    estimate (and whether Train is on) is for that batch, as the run's check counts it."""
    open_editor(page, server_url)
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    batch = page.get_by_test_id("batch-size-input")
    batch.fill("65536")
    expect(page.get_by_test_id("estimate-activations")).to_contain_text("batch of 1437)")
    batch.fill("1000")
    expect(page.get_by_test_id("estimate-activations")).to_contain_text("batch of 1000)")


def test_keeping_the_best_epochs_weights_is_offered_with_a_patience(
    page: Page, server_url: str
) -> None:
    open_editor(page, server_url)
    page.get_by_text("Schedule, clipping, early stopping").click()
    keep = page.get_by_test_id("restore-best-input")
    hint = page.get_by_test_id("restore-best-hint")
    expect(keep).to_be_disabled()  # no early stopping: nothing to keep
    expect(hint).to_have_text(
        "With a patience set, a run can end with the weights of its epoch of lowest validation loss."
    )
    page.get_by_test_id("patience-input").fill("3")
    expect(keep).to_be_enabled()
    expect(keep).to_be_checked()  # on by default, as the server's default
    expect(hint).to_contain_text("Stopped early or not, the run ends with the weights of its epoch")
    keep.uncheck()
    expect(hint).to_have_text(
        "The run ends with its last epoch's weights, even when an earlier epoch had a lower "
        "validation loss."
    )


def test_a_new_optimizer_keeps_a_typed_learning_rate_and_says_so(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """A rate typed for Adam was put back to SGD's 0.05 without a word, and the run trained at a
    rate nobody chose; a rate left as the old optimizer's takes the new one's."""
    open_editor(page, server_url)
    lr, note = page.get_by_test_id("lr-input"), page.get_by_test_id("lr-note")
    optimizer = page.get_by_test_id("optimizer-select")
    expect(lr).to_have_value("0.001")
    optimizer.select_option("SGD")
    expect(lr).to_have_value("0.05")
    expect(note).to_have_text("Learning rate set to 0.05, where SGD usually starts.")
    lr.fill("3")
    expect(note).to_have_count(0)  # said while it is still true
    optimizer.select_option("Adam")
    expect(lr).to_have_value("3")
    expect(note).to_have_text("Your learning rate 3 is kept; Adam usually starts at 0.001.")
    screenshot("lr-kept-on-new-optimizer")
