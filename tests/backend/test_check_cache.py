"""A run's check adds its settings' issues to the design's validation, which is cached: a
refused request must leave nothing in that cache for the next request of the same design (one
refusal made the design untrainable for every user, until the server restarted)."""

from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from torchcanvas.design.schema import Design, DesignIssue
from torchcanvas.design.validate import validate_design
from torchcanvas.training.check import check_run
from torchcanvas.training.settings import TrainingSettings


def test_a_refused_run_leaves_its_issues_out_of_the_next_check() -> None:
    design = Design.model_validate(DIGITS_CNN)
    too_long = TrainingSettings.model_validate({**DIGITS_TRAINING, "epochs": 1000, "batch_size": 1})
    assert [issue.field for issue in check_run(design, too_long)] == ["training.epochs"]
    fits = TrainingSettings.model_validate({**DIGITS_TRAINING, "epochs": 2, "batch_size": 1})
    assert check_run(design, fits) == []
    assert validate_design(design, 1).errors == []


def test_a_caller_cannot_add_to_a_cached_validation() -> None:
    design = Design.model_validate(DIGITS_CNN)
    validate_design(design).errors.append(DesignIssue(message="added by a caller"))
    assert validate_design(design).errors == []


def test_an_anonymous_script_request_does_not_refuse_the_next_run(client: TestClient) -> None:
    """POST /api/designs/script needs no login and checks the run as POST /api/runs does."""
    bad = {**DIGITS_TRAINING, "epochs": 1000, "batch_size": 1}
    script = client.post("/api/designs/script", json={"design": DIGITS_CNN, "training": bad})
    assert script.status_code == 422, script.text
    good = {**DIGITS_TRAINING, "epochs": 1, "batch_size": 1}
    made = client.post("/api/runs", json={"design": DIGITS_CNN, "training": good})
    assert made.status_code == 201, made.text
    client.post(f"/api/runs/{made.json()['id']}/cancel")
