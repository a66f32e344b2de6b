"""Issues of the training settings each on its own: names the catalogue lacks, params out of
their bounds, a schedule or augmentation that cannot work, what this server's hardware lacks.
check.py adds what needs the dataset and the design's output."""

from typing import Any

import torch

from torchcanvas.design.layer_spec import ParamSpec
from torchcanvas.design.params import resolve_params
from torchcanvas.design.schema import DesignIssue, format_shape
from torchcanvas.training.augment import chosen_augmentations, takes_augmentation
from torchcanvas.training.catalog import (
    AUGMENTATIONS_BY_NAME,
    LOSSES_BY_NAME,
    OPTIMIZERS_BY_NAME,
    SCHEDULERS_BY_NAME,
    LossSpec,
)
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.objectives import class_weight_issues, loss_kwargs
from torchcanvas.training.schedule_fit import known_scheduler, scheduler_issues
from torchcanvas.training.settings import TrainingSettings


def _unknown(what: str, field: str, name: str, known: list[str]) -> DesignIssue:
    return DesignIssue(
        field=field, message=(f"Unknown {what} `{name}`: use one of {', '.join(known)}.")
    )


def _check_params(
    specs: list[ParamSpec], params: dict[str, Any], field: str, label: str
) -> list[DesignIssue]:
    _, issues = resolve_params(specs, params, node=None, label=label)
    return [DesignIssue(field=f"{field}.{i.field}", message=i.message) for i in issues]


def loss_issues(
    training: TrainingSettings, loss: LossSpec | None, info: DatasetInfo | None
) -> list[DesignIssue]:
    """An unknown loss, its params out of bounds, class weights that do not fit the classes."""
    if loss is None:
        return [_unknown("loss", "training.loss", training.loss, list(LOSSES_BY_NAME))]
    _, found = loss_kwargs(loss, training.loss_params)
    issues = [
        DesignIssue(field=f"training.loss_params.{i.field}", message=i.message) for i in found
    ]
    classes = (info.classes or []) if info and info.task == "classification" else None
    return issues + class_weight_issues(loss, training.loss_params, classes)


def optimizer_issues(training: TrainingSettings) -> list[DesignIssue]:
    """An unknown optimizer, or its params out of bounds."""
    optimizer = OPTIMIZERS_BY_NAME.get(training.optimizer)
    if optimizer is None:
        return [
            _unknown(
                "optimizer", "training.optimizer", training.optimizer, list(OPTIMIZERS_BY_NAME)
            )
        ]
    return _check_params(
        optimizer.params,
        training.optimizer_params,
        "training.optimizer_params",
        training.optimizer,
    )


def schedule_issues(training: TrainingSettings) -> list[DesignIssue]:
    """An unknown scheduler, its params out of bounds or unable to lower the rate, or params
    without a scheduler."""
    scheduler = SCHEDULERS_BY_NAME.get(training.scheduler or "")
    unknown_scheduler = known_scheduler(training)
    if unknown_scheduler:
        return [unknown_scheduler]
    if scheduler is not None:
        issues = _check_params(
            scheduler.params,
            training.scheduler_params,
            "training.scheduler_params",
            scheduler.name,
        )
        return issues + scheduler_issues(training)
    if training.scheduler_params:
        return [
            DesignIssue(
                field="training.scheduler_params",
                message="scheduler_params are set but no scheduler is: name a scheduler, or remove them.",
            )
        ]
    return []


def hardware_issues(training: TrainingSettings) -> list[DesignIssue]:
    """A CUDA device or fp16 asked of a server without a CUDA GPU."""
    issues: list[DesignIssue] = []
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
    return issues


def range_and_momentum_issues(training: TrainingSettings) -> list[DesignIssue]:
    """A range test whose rate would not rise, and SGD's nesterov without momentum."""
    issues: list[DesignIssue] = []
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
