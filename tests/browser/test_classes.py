"""A class: the teacher creates it and reads its code; a student, in another browser, hands a run in
with the code and their name; the teacher's page shows it appear, live, and opens its link."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import DIGITS_CNN
from tests.browser.accessibility import serious_violations
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import (
    PHONE,
    VALUE_RIGHT_OF_LABEL,
    screenshot_page,
    train_through_page,
)

TRAINING = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
HOMEWORK: dict[str, Any] = {**DIGITS_CNN, "name": "mlp"}  # as every template names its design


def homework_run(page: Page, name: str) -> str:
    run_id = train_through_page(page, HOMEWORK, {**TRAINING, "epochs": 1, "batch_size": 32})
    assert api_of(page).patch(f"/api/runs/{run_id}", data={"name": name}).ok
    return run_id


BEN = "Ben Konstantinopoulou-Whitfield"  # a name that wraps on a phone


def hand_in(page: Page, code: str, name: str) -> None:
    page.get_by_test_id("hand-in-code").fill(code)
    page.get_by_test_id("hand-in-name").fill(name)
    page.get_by_test_id("hand-in-send").click()


def test_a_student_hands_in_and_the_teacher_sees_it(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    teacher = page
    teacher.goto(f"{server_url}/runs")
    teacher.get_by_test_id("classes-link").click()
    expect(teacher).to_have_url(f"{server_url}/classes")
    expect(teacher.get_by_test_id("classes-none")).to_be_visible()
    teacher.get_by_test_id("class-name").fill("Period 3")
    teacher.get_by_test_id("class-create").click()
    code = teacher.get_by_test_id("class-code").inner_text()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code), code
    expect(teacher.get_by_test_id("class-title")).to_have_text("Period 3")
    expect(teacher.get_by_test_id("class-none")).to_be_visible()

    student_context = browser.new_context(
        base_url=server_url, viewport={"width": 1440, "height": 1000}
    )
    try:
        student = student_context.new_page()
        student.goto(server_url)
        mine = homework_run(student, "my homework net")
        other = homework_run(student, "second try")
        student.goto(f"{server_url}/runs/{mine}")
        student.get_by_test_id("hand-in-open").click()
        dialog = student.get_by_test_id("hand-in-dialog")
        expect(dialog).to_be_visible()
        hand_in(student, "ZZZZ99", "Ana")
        expect(student.get_by_test_id("hand-in-error")).to_contain_text(
            "No class has the code ZZZZ99: check the code your teacher gave you"
        )
        hand_in(student, code.lower(), "Ana")  # typed in lower case: still the class's
        expect(student.get_by_test_id("hand-in-done")).to_have_text(
            "Sent: your teacher sees this run, live, on their class page."
        )
        # The class and the name it went under are said once, in the list of hand-ins.
        expect(student.get_by_test_id("hand-in-list")).to_have_text(
            "Handed in to Period 3 as Ana Take back"
        )
        assert serious_violations(student) == []
        screenshot_page(student, screenshot, "class-hand-in")
        student.set_viewport_size(PHONE)
        screenshot_page(student, screenshot, "class-hand-in-phone")
        student.set_viewport_size({"width": 1440, "height": 1000})
        # The student cannot read the class, code or not.
        student.goto(f"{server_url}/classes/{code}")
        # Sent the class's address, the student is told how to hand in instead.
        expect(student.get_by_test_id("class-error")).to_contain_text(
            f"none of this browser's classes has the code {code}. To hand in a run, open the "
            "run's page, press Hand in to a class and type the code your teacher gave you."
        )

        # The teacher's page, left open, shows the run come in.
        rows = teacher.get_by_test_id("class-entry")
        expect(rows).to_have_count(1, timeout=15_000)
        expect(rows.first.get_by_test_id("entry-student")).to_have_text("Ana")
        expect(rows.first.get_by_test_id("entry-link")).to_have_text("my homework net")
        expect(rows.first.get_by_test_id("entry-status")).to_have_text("succeeded")
        expect(rows.first.get_by_test_id("entry-result")).to_have_text(re.compile(r"^\d+\.\d%$"))
        # The column names its metric, and the moment reads as on the Runs page (not "05:06 AM").
        expect(teacher.get_by_test_id("class-sort-result")).to_have_text("Validation accuracy")
        expect(rows.first.get_by_test_id("entry-handed")).to_have_text(
            re.compile(r"^\d\d:\d\d:\d\d$")
        )

        # A second run, handed in by another name, shows as a second row.
        student.goto(f"{server_url}/runs/{other}")
        student.get_by_test_id("hand-in-open").click()
        expect(student.get_by_test_id("hand-in-name")).to_have_value("Ana")  # kept from before
        hand_in(student, code, BEN)
        expect(student.get_by_test_id("hand-in-done")).to_be_visible()
        expect(rows).to_have_count(2, timeout=15_000)
        teacher.get_by_test_id("class-sort-result").click()
        expect(teacher.get_by_test_id("class-sort-result")).to_have_attribute(
            "aria-sort", "descending"
        )
        results = [
            float(t.rstrip("%"))
            for t in rows.locator("[data-testid=entry-result]").all_inner_texts()
        ]
        assert results == sorted(results, reverse=True), results
        assert serious_violations(teacher) == []
        screenshot("class-page")
        teacher.set_viewport_size(PHONE)
        # On a phone each run is a card of labelled lines: every value stays right of its label,
        # a long name's lines too (they wrapped under it, "Validation accuracy80.0%": an audit).
        for cell in teacher.locator(".class-table td[data-label]").all():
            assert cell.evaluate(VALUE_RIGHT_OF_LABEL), cell.get_attribute("data-label")
        screenshot("class-page-phone")
        teacher.set_viewport_size({"width": 1440, "height": 1000})

        # The teacher opens Ana's link: the shared page names the student and the run.
        ana = rows.filter(has_text="Ana")
        with teacher.context.expect_page() as opened:
            ana.get_by_test_id("entry-link").click()
        shared = opened.value
        expect(shared.get_by_test_id("model-name")).to_have_text("Ana's run 'my homework net'")
        shared.close()

        # Its model page's share links say which is the class's, and what revoking it does.
        student.goto(f"{server_url}/models/{other}")
        handed = student.get_by_test_id("share-handed-in")
        expect(handed).to_have_text("handed in to Period 3 ·")
        handed.locator("xpath=..").get_by_test_id("revoke-share").click()
        expect(student.get_by_test_id("revoke-confirm")).to_contain_text(
            "and the run leaves the class Period 3."
        )
        student.get_by_test_id("revoke-no").click()

        # The student takes the run back: it leaves the class.
        student.goto(f"{server_url}/runs/{mine}")
        student.get_by_test_id("hand-in-open").click()
        student.get_by_test_id("hand-in-take-back").click()
        expect(student.get_by_test_id("hand-in-list")).to_have_count(0)
        expect(rows).to_have_count(1, timeout=15_000)
        expect(rows.first.get_by_test_id("entry-student")).to_have_text(BEN)
    finally:
        student_context.close()

    teacher.goto(f"{server_url}/classes")
    expect(teacher.get_by_test_id(f"class-{code}")).to_have_text("Period 3")
    expect(teacher.get_by_test_id("class-list")).to_contain_text("1 run handed in")
    assert serious_violations(teacher) == []
    screenshot("classes-page")
    teacher.set_viewport_size(PHONE)
    screenshot("classes-page-phone")

    # The teacher takes Ben's run out, and then ends the class: each asked on the page first
    # (a browser's confirm() could be suppressed, and they did nothing), kept by "Keep it".
    teacher.set_viewport_size({"width": 1440, "height": 1000})
    teacher.goto(f"{server_url}/classes/{code}")
    rows = teacher.get_by_test_id("class-entry")
    ben = rows.first
    ben.get_by_role("button", name=f"Remove {BEN}'s run").click()
    expect(ben.get_by_test_id("entry-remove-confirm")).to_have_text(
        f"Take {BEN}'s run out of the class? Its link stops working. Remove it Keep it"
    )
    expect(ben.get_by_test_id("entry-remove-no")).to_be_focused()
    ben.get_by_test_id("entry-remove-no").click()
    expect(rows).to_have_count(1)
    ben.get_by_role("button", name=f"Remove {BEN}'s run").click()
    ben.get_by_test_id("entry-remove-yes").click()
    expect(rows).to_have_count(0)
    teacher.get_by_test_id("class-end").click()
    expect(teacher.get_by_test_id("class-end-confirm")).to_contain_text(
        "End the class “Period 3”? Its runs' links stop working and its code takes no more runs."
    )
    screenshot("class-end-asked")
    teacher.get_by_test_id("class-end-yes").click()
    teacher.wait_for_url(f"{server_url}/classes")
    expect(teacher.get_by_test_id("classes-none")).to_be_visible()
