"""What the run service refuses, and why: the API turns each into its HTTP answer."""

from torchcanvas.design.schema import DesignIssue


class RunRejected(ValueError):
    """A run that cannot start, with the issues that say why."""

    def __init__(self, issues: list[DesignIssue]) -> None:
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues


class NoWorker(RuntimeError):
    """The executor cannot train anything: every worker died as it started."""


class RunEnded(ValueError):
    """An action that needs a queued or running run, on one that has ended."""


class RunConflict(ValueError):
    """An action that does not fit the run's state (pause a queued run, continue a running one)."""


class UploadInUse(ValueError):
    """An upload that runs not yet ended train on."""

    def __init__(self, runs: list[str]) -> None:
        super().__init__(f"{len(runs)} runs train on it.")
        self.runs = runs
