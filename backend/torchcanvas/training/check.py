"""Checks training settings against the catalogue, the dataset and the network's output shape."""

from pathlib import Path
from typing import Any

import torch

from torchcanvas.design.catalog import ParamSpec
from torchcanvas.design.hints import design_hints
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.params import resolve_params
from torchcanvas.design.schema import Design, DesignIssue, format_shape
from torchcanvas.design.validate import DEFAULT_LIMITS, validate_design
from torchcanvas.training.augment import chosen_augmentations, takes_augmentation
from torchcanvas.training.catalog import (
    AUGMENTATIONS_BY_NAME,
    LOSSES_BY_NAME,
    OPTIMIZERS_BY_NAME,
    SCHEDULERS_BY_NAME,
    optimizer_states,
)
from torchcanvas.training.data import DatasetError, DatasetInfo, find_dataset
from torchcanvas.training.data.plane_sets import PLANE_SETS
from torchcanvas.training.freeze import frozen_issues
from torchcanvas.training.held_out import held_out_issues
from torchcanvas.training.loss_fit import OutputTarget, output_form_warnings, output_issues
from torchcanvas.training.objectives import class_weight_issues, loss_kwargs
from torchcanvas.training.schedule_fit import (
    ScheduleChoice,
    known_scheduler,
    schedule_warnings,
    scheduler_issues,
)
from torchcanvas.training.settings import TrainingSettings
from torchcanvas.training.work import DEFAULT_WORK_LIMITS, WorkLimits, run_work, work_issues


def _unknown(what: str, field: str, name: str, known: list[str]) -> DesignIssue:
    return DesignIssue(
        field=field, message=(f"Unknown {what} `{name}`: use one of {', '.join(known)}.")
    )


def _check_params(
    specs: list[ParamSpec], params: dict[str, Any], field: str, label: str
) -> list[DesignIssue]:
    _, issues = resolve_params(specs, params, node=None, label=label)
    return [DesignIssue(field=f"{field}.{i.field}", message=i.message) for i in issues]


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
    result = validate_design(design, training.batch_size, states, limits)
    issues = list(result.errors)
    loss = LOSSES_BY_NAME.get(training.loss)
    optimizer = OPTIMIZERS_BY_NAME.get(training.optimizer)
    try:  # a downloadable dataset not fetched yet is checked by what it is known to hold
        info: DatasetInfo | None = find_dataset(
            training.dataset, data_dir, options=training.dataset_options
        )
    except DatasetError as exc:
        info = None
        issues.append(DesignIssue(field="training.dataset", message=str(exc)))
    if info is not None and info.plane is None and training.dataset_options is not None:
        issues.append(
            DesignIssue(
                field="training.dataset_options",
                message=f"`{info.name}` takes no dataset options: noise, training share and "
                f"features are for the 2-D sets ({', '.join(PLANE_SETS)}); remove "
                "dataset_options.",
            )
        )
    if loss is None:
        issues.append(_unknown("loss", "training.loss", training.loss, list(LOSSES_BY_NAME)))
    else:
        _, loss_issues = loss_kwargs(loss, training.loss_params)
        issues += [
            DesignIssue(field=f"training.loss_params.{i.field}", message=i.message)
            for i in loss_issues
        ]
        classes = len(info.classes or []) if info and info.task == "classification" else None
        issues += class_weight_issues(loss, training.loss_params, classes)
    if optimizer is None:
        issues.append(
            _unknown(
                "optimizer", "training.optimizer", training.optimizer, list(OPTIMIZERS_BY_NAME)
            )
        )
    else:
        issues += _check_params(
            optimizer.params,
            training.optimizer_params,
            "training.optimizer_params",
            training.optimizer,
        )
    scheduler = SCHEDULERS_BY_NAME.get(training.scheduler or "")
    unknown_scheduler = known_scheduler(training)
    if unknown_scheduler:
        issues.append(unknown_scheduler)
    elif scheduler is not None:
        issues += _check_params(
            scheduler.params,
            training.scheduler_params,
            "training.scheduler_params",
            scheduler.name,
        )
        issues += scheduler_issues(training)
    elif training.scheduler_params:
        issues.append(
            DesignIssue(
                field="training.scheduler_params",
                message="scheduler_params are set but no scheduler is: name a scheduler, or remove them.",
            )
        )
    if training.device == "cuda" and not torch.cuda.is_available():
        issues.append(
            DesignIssue(
                field="training.device",
                message=("This server has no CUDA GPU: set device to `auto` or `cpu`."),
            )
        )
    if training.precision == "fp16" and not (
        training.device != "cpu" and torch.cuda.is_available()
    ):
        issues.append(
            DesignIssue(
                field="training.precision",
                message="fp16 needs a CUDA GPU (its gradient scaler is for GPUs): use bf16 on "
                "the CPU, or fp32.",
            )
        )
    test = training.range_test
    if test is not None and test.start_lr >= test.end_lr:
        issues.append(
            DesignIssue(
                field="training.range_test.end_lr",
                message=f"A range test's rate rises: end_lr ({test.end_lr:g}) must be above "
                f"start_lr ({test.start_lr:g}); try start_lr 1e-7 and end_lr 10.",
            )
        )
    nesterov = training.optimizer_params.get("nesterov")
    if (
        training.optimizer == "SGD"
        and nesterov
        and not training.optimizer_params.get("momentum", 0.9)
    ):
        issues.append(
            DesignIssue(
                field="training.optimizer_params.nesterov",
                message="SGD with nesterov needs a momentum above 0: set momentum, or turn nesterov off.",
            )
        )
    norms = [layer.id for layer in design.layers if layer.type.startswith("BatchNorm")]
    if norms and training.batch_size < 2:
        issues.append(
            DesignIssue(
                field="training.batch_size",
                message=f"BatchNorm `{norms[0]}` needs batches of at least 2 samples: set batch_size to 2 or more.",
            )
        )
    issues += augmentation_issues(training, info)
    issues += held_out_issues(info, training.test_fraction) if info is not None else []
    issues += frozen_issues(design, training.frozen, result)
    if info is not None and result.estimate is not None:
        work = run_work(result.estimate.macs_per_sample, info.train_size, training)
        issues += work_issues(work, work_limits)
    if info is None or loss is None:
        return issues
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


def augmentation_issues(training: TrainingSettings, info: DatasetInfo | None) -> list[DesignIssue]:
    """Unknown augmentations, params out of their bounds, and augmentations of non-images."""
    issues: list[DesignIssue] = []
    for name, params in training.augmentations.items():
        spec = AUGMENTATIONS_BY_NAME.get(name)
        field = f"training.augmentations.{name}"
        if spec is None:
            issues.append(_unknown("augmentation", field, name, list(AUGMENTATIONS_BY_NAME)))
        else:
            issues += _check_params(spec.params, params, field, name)
    if info is None or not training.augmentations:
        return issues
    if takes_augmentation(info):
        return issues or _crop_issues(training, info)  # params in their bounds, first
    # Pictures of (H, W), such as an upload of (N, 28, 28) bytes, lack only the channel axis.
    fix = (
        "upload its images shaped (N, 1, H, W)"
        if info.pictures is not None and len(info.sample_shape) == 2
        else "pick an image dataset"
    )
    issues.append(
        DesignIssue(
            field="training.augmentations",
            message="Augmentations change images of shape (C, H, W), but "
            f"`{info.name}` holds samples of shape {format_shape(info.sample_shape)}: "
            f"remove them (set augmentations to {{}}), or {fix}.",
        )
    )
    return issues


def _crop_issues(training: TrainingSettings, info: DatasetInfo) -> list[DesignIssue]:
    """A RandomCrop padding past a quarter of the image's side: crops then move up to half of
    each image out of view, yet keep its label, and the model learns little (padding 4 on digits'
    8×8 images left it at 4 % accuracy)."""
    if "RandomCrop" not in training.augmentations:
        return []
    padding = dict(chosen_augmentations(training.augmentations))["RandomCrop"]["padding"]
    side = min(info.sample_shape[1:])
    most = max(1, side // 4)
    if padding <= most:
        return []
    given = "" if "padding" in training.augmentations["RandomCrop"] else " (the default)"
    usual = max(1, round(side / 8))
    return [
        DesignIssue(
            field="training.augmentations.RandomCrop.padding",
            message=f"RandomCrop: a padding of {padding}{given} around the "
            f"{info.sample_shape[1]}×{info.sample_shape[2]} images of `{info.name}` lets a "
            f"crop move {padding} of their {side} pixels out of view: use a padding of at most "
            f"{most}, a quarter of the side ({usual}, an eighth, is usual).",
        )
    ]


def run_warnings(design: Design, training: TrainingSettings) -> list[DesignIssue]:
    """Hints that do not stop the run, such as a missing LogSoftmax before NLLLoss."""
    loss = LOSSES_BY_NAME.get(training.loss)
    hints = output_form_warnings(loss, design) if loss and design.layers else []
    fields = set(ScheduleChoice.model_fields)
    choice = ScheduleChoice.model_validate(training.model_dump(include=fields))
    return hints + design_hints(design) + schedule_warnings(training.optimizer, choice)
