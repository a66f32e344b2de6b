"""The batches a run trains on: batch_size samples each, but never more than the samples it
trains on (the dataset's training part less its test set). The memory a batch takes and
BatchNorm's need of two samples a batch are checked on the batch it will really train."""

from torchcanvas.design.limits import DesignLimits, memory_issue
from torchcanvas.design.schema import Design, DesignIssue, SizeEstimate
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.held_out import trained_size
from torchcanvas.training.settings import TrainingSettings


def batch_samples(training: TrainingSettings, info: DatasetInfo | None) -> int:
    """The most samples one batch holds: batch_size, or every sample trained on when they are
    fewer (batch_size where the dataset is not known)."""
    if info is None:
        return training.batch_size
    samples = trained_size(info.train_size, training.test_fraction)
    return max(1, min(training.batch_size, samples))


def whole_part_said(
    issues: list[DesignIssue],
    estimate: SizeEstimate | None,
    limits: DesignLimits,
    training: TrainingSettings,
    info: DatasetInfo | None,
) -> list[DesignIssue]:
    """A design's issues with its memory refusal, reckoned on fewer samples than batch_size,
    saying why: each batch holds every sample trained on."""
    batch = batch_samples(training, info)
    if estimate is None or info is None or batch == training.batch_size:
        return list(issues)  # a new list: the caller adds to it, and these may be cached
    plain = memory_issue(estimate, limits)
    whole = memory_issue(
        estimate,
        limits,
        f"batch size {training.batch_size} (a batch holds all {batch:,} samples it trains on, "
        f"of `{info.title}`)",
    )
    return [whole if issue == plain and whole is not None else issue for issue in issues]


def batch_norm_issues(
    design: Design, training: TrainingSettings, info: DatasetInfo | None
) -> list[DesignIssue]:
    """A BatchNorm that would train on batches of one sample: torch cannot normalise over one
    ("Expected more than 1 value per channel when training"). A frozen one is not trained: it
    runs in inference mode (freeze.py), on its running statistics, whatever the batch."""
    frozen = set(training.frozen)
    norms = [
        layer.id
        for layer in design.layers
        if layer.type.startswith("BatchNorm") and layer.id not in frozen
    ]
    if not norms:
        return []
    if training.batch_size < 2:
        return [
            DesignIssue(
                field="training.batch_size",
                message=f"BatchNorm `{norms[0]}` needs batches of at least 2 samples: set "
                "batch_size to 2 or more.",
            )
        ]
    if info is None or batch_samples(training, info) >= 2:
        return []
    if training.test_fraction > 0:
        field, after = "training.test_fraction", " once its test set is held out"
        fix = "set test_fraction to 0, or upload more samples"
    else:
        field, after, fix = "training.dataset", "", "upload more samples"
    return [
        DesignIssue(
            field=field,
            message=f"BatchNorm `{norms[0]}` needs batches of at least 2 samples, but "
            f"`{info.title}` leaves 1 sample to train on{after}, so every batch holds 1: "
            f"{fix}, or remove `{norms[0]}`.",
        )
    ]
