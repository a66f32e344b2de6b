"""Checks a run before it is queued: the design, each training setting (setting_issues.py), the
dataset, and whether the design's input and output fit the dataset and the loss."""

from pathlib import Path

from torchcanvas.design.batch_dim import needs_shapes
from torchcanvas.design.hints import design_hints
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design, DesignIssue, ValidationResult, format_shape
from torchcanvas.design.validate import DEFAULT_LIMITS, validate_design
from torchcanvas.training.batch_fit import batch_norm_issues, batch_samples, whole_part_said
from torchcanvas.training.catalog import LOSSES_BY_NAME, LossSpec, optimizer_states
from torchcanvas.training.data import DatasetError, DatasetInfo, find_dataset
from torchcanvas.training.data.plane_sets import PLANE_SETS
from torchcanvas.training.freeze import frozen_issues
from torchcanvas.training.held_out import held_out_issues, trained_size
from torchcanvas.training.loss_fit import OutputTarget, output_issues
from torchcanvas.training.output_hints import output_form_warnings, output_warnings
from torchcanvas.training.schedule_fit import ScheduleChoice, schedule_warnings
from torchcanvas.training.setting_issues import (
    augmentation_issues,
    hardware_issues,
    loss_issues,
    optimizer_issues,
    range_and_momentum_issues,
    schedule_issues,
)
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.work import DEFAULT_WORK_LIMITS, WorkLimits, run_work, work_issues


def check_run(
    design: Design,
    training: TrainingSettings,
    data_dir: Path | None = None,
    limits: DesignLimits = DEFAULT_LIMITS,
    work_limits: WorkLimits = DEFAULT_WORK_LIMITS,
) -> list[DesignIssue]:
    """Every issue that would stop this design from training with these settings, its training
    asking more of a worker than `work_limits` allow among them."""
    states = optimizer_states(training.optimizer)
    info, dataset_issues = _dataset(training, data_dir)
    # The memory estimate's batch: the one it will train, never more than its samples.
    result = validate_design(design, batch_samples(training, info), states, limits)
    issues = whole_part_said(result.errors, result.estimate, limits, training, info)
    loss = LOSSES_BY_NAME.get(training.loss)
    issues += dataset_issues
    issues += loss_issues(training, loss, info)
    issues += optimizer_issues(training)
    issues += schedule_issues(training)
    issues += hardware_issues(training)
    issues += range_and_momentum_issues(training)
    issues += batch_norm_issues(design, training, info)
    issues += augmentation_issues(training, info)
    issues += held_out_issues(info, training.test_fraction) if info is not None else []
    issues += frozen_issues(design, training.frozen, result, training.init_from)
    if info is not None and result.estimate is not None:
        trained = trained_size(info.train_size, training.test_fraction)  # less its test set
        work = run_work(result.estimate.macs_per_sample, trained, training)
        issues += work_issues(work, work_limits)
    if info is None or loss is None:
        return issues
    return issues + _data_fit_issues(design, info, loss, result)


def _dataset(
    training: TrainingSettings, data_dir: Path | None
) -> tuple[DatasetInfo | None, list[DesignIssue]]:
    """The run's dataset (a downloadable one not fetched yet as what it is known to hold), or
    why it cannot be used; and dataset options a set other than a 2-D one does not take."""
    try:
        info = find_dataset(training.dataset, data_dir, options=training.dataset_options)
    except DatasetError as exc:
        return None, [DesignIssue(field="training.dataset", message=str(exc))]
    if info.plane is None and training.dataset_options is not None:
        return info, [
            DesignIssue(
                field="training.dataset_options",
                message=f"`{info.name}` takes no dataset options: noise, training share and "
                f"features are for the 2-D sets ({', '.join(PLANE_SETS)}); remove "
                "dataset_options.",
            )
        ]
    return info, []


def _data_fit_issues(
    design: Design, info: DatasetInfo, loss: LossSpec, result: ValidationResult
) -> list[DesignIssue]:
    """The loss made for another task than the dataset's, an input shape other than its
    samples', or an output that does not fit what the loss compares it with."""
    issues: list[DesignIssue] = []
    if info.task not in loss.tasks:
        fits = [name for name, spec in LOSSES_BY_NAME.items() if info.task in spec.tasks]
        issues.append(
            DesignIssue(
                field="training.loss",
                message=(
                    f"{loss.name} is for {' or '.join(loss.tasks)}, but `{info.name}` is a {info.task} "
                    f"dataset: use {' or '.join(fits)}."
                ),
            )
        )
        return issues
    if list(design.input_shape) != info.sample_shape:
        issues.append(
            DesignIssue(
                field="input_shape",
                message=(
                    f"The design's input_shape {format_shape(design.input_shape)} differs from the samples "
                    f"of `{info.name}`, {format_shape(info.sample_shape)}: set input_shape to "
                    f"{info.sample_shape}."
                ),
            )
        )
    elif result.valid and result.output_shape is not None:
        issues += output_issues(loss, OutputTarget.of(info, loss.name), result.output_shape, design)
    return issues


def run_warnings(
    design: Design, training: TrainingSettings, data_dir: Path | None = None
) -> list[DesignIssue]:
    """Hints that do not stop the run: on its output for its loss and dataset (a missing
    LogSoftmax before NLLLoss, a Sigmoid at the end of a regression), its design's own, and its
    schedule's."""
    loss = LOSSES_BY_NAME.get(training.loss)
    info = _dataset(training, data_dir)[0] if loss and design.layers else None
    output = validate_design(design).output_shape if info is not None else None  # cached
    if loss and info is not None and output is not None:
        hints = output_warnings(loss, OutputTarget.of(info, loss.name), design, output)
    else:
        hints = output_form_warnings(loss, design) if loss and design.layers else []
    fields = set(ScheduleChoice.model_fields)
    choice = ScheduleChoice.model_validate(training.model_dump(include=fields))
    # A Softmax's negative dim is the batch's by its shape alone: the shapes, from the cache
    # of the validation the run's check has just made, where a design has one.
    nodes = validate_design(design).nodes if needs_shapes(design) else None
    design_said = design_hints(design, nodes)
    return hints + design_said + schedule_warnings(training.optimizer, choice)
