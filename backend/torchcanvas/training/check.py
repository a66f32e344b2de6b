"""Checks training settings against the catalogue, the dataset and the network's output shape."""

from typing import Any

import torch

from torchcanvas.design.catalog import ParamSpec
from torchcanvas.design.params import resolve_params
from torchcanvas.design.schema import Design, DesignIssue, format_shape
from torchcanvas.design.validate import validate_design
from torchcanvas.training.catalog import LOSSES_BY_NAME, OPTIMIZERS_BY_NAME
from torchcanvas.training.datasets import DatasetInfo, dataset_info, dataset_names
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


def _check_output(loss: str, info: DatasetInfo, output: list[int], last: str) -> list[DesignIssue]:
    """Does the network's output fit what the loss compares it with?"""
    gives = f"the last layer `{last}` gives {format_shape(output)}"
    if info.task == "classification":
        classes = len(info.classes or [])
        if output != [classes]:
            what = (
                "one output per class"
                if loss == "CrossEntropyLoss"
                else "one output per class (one-hot targets)"
            )
            fix = (
                f"Set out_features of `{last}` to {classes}."
                if len(output) == 1
                else f"End with a Flatten and a Linear with out_features={classes}."
            )
            return [
                DesignIssue(
                    node=last,
                    message=(
                        f"{loss} needs {what}: {gives}, the dataset `{info.name}` has {classes} classes. {fix}"
                    ),
                )
            ]
        return []
    if output != info.target_shape:
        return [
            DesignIssue(
                node=last,
                message=(
                    f"{loss} compares the output with a target of shape {format_shape(info.target_shape)}: "
                    f"{gives}. Make the last layer a Linear with out_features="
                    f"{info.target_shape[-1] if info.target_shape else 1}."
                ),
            )
        ]
    return []


def check_run(design: Design, training: TrainingSettings) -> list[DesignIssue]:
    """Every issue that would stop this design from training with these settings."""
    result = validate_design(design)
    issues = list(result.errors)
    loss = LOSSES_BY_NAME.get(training.loss)
    optimizer = OPTIMIZERS_BY_NAME.get(training.optimizer)
    info = dataset_info(training.dataset) if training.dataset in dataset_names() else None
    if info is None:
        issues.append(_unknown("dataset", "training.dataset", training.dataset, dataset_names()))
    if loss is None:
        issues.append(_unknown("loss", "training.loss", training.loss, list(LOSSES_BY_NAME)))
    else:
        issues += _check_params(
            loss.params, training.loss_params, "training.loss_params", training.loss
        )
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
    if training.device == "cuda" and not torch.cuda.is_available():
        issues.append(
            DesignIssue(
                field="training.device",
                message=("This server has no CUDA GPU: set device to `auto` or `cpu`."),
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
        issues += _check_output(loss.name, info, result.output_shape, design.layers[-1].id)
    return issues
