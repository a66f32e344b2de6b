"""What is wrong with a sequence layer where it stands: the input it gets, and for an LSTM or a
GRU the settings that do not go together, as issues that name the node and the fix."""

from typing import Any

from torchcanvas.design.graph import INPUT
from torchcanvas.design.issues import layer_label
from torchcanvas.design.layer_spec import LayerSpec
from torchcanvas.design.schema import (
    DesignFix,
    DesignIssue,
    LayerToInsert,
    ParamFix,
    format_shape,
)

RECURRENT = "recurrent"  # the catalogue's category of LSTM and GRU


def sequence_input_issue(
    spec: LayerSpec,
    node: str,
    source: str,
    shape: tuple[int, ...],
    source_spec: LayerSpec | None,
    source_kwargs: dict[str, Any],
) -> DesignIssue | None:
    """Why a layer that reads (C, L) cannot read `shape`, or a flat layer the steps of an LSTM,
    from `source` (a layer of `source_spec` made with `source_kwargs`, or the input); None where
    the general rank message says it well."""
    label, gets = layer_label(spec, node), format_shape(shape)
    recurrent_source = source_spec is not None and source_spec.category == RECURRENT
    if spec.input == "flat" and len(shape) == 2 and recurrent_source:
        return _every_step_into_flat(label, gets, node, source)
    if spec.input != "sequence" or len(shape) == 2:
        return None
    wanted = f"{label} expects a sequence (C, L) but gets {gets}"
    if len(shape) == 1 and recurrent_source:
        # Its output was set to hand on only the last step.
        return DesignIssue(
            node=node,
            message=(
                f"{wanted}: `{source}` hands on only its last step, so set its output to "
                f"sequence, which keeps every step."
            ),
            fix=ParamFix(
                label=f"Set output of `{source}` to sequence",
                layer=source,
                param="output",
                value="sequence",
            ),
        )
    if len(shape) == 1:
        return _flat_as_steps(wanted, node, source, shape[0])
    if len(shape) == 3 and spec.category == RECURRENT:
        channels, height, width = shape
        return DesignIssue(
            node=node,
            message=(
                f"{wanted}: to read an image's {width} columns as steps, put a Flatten and an "
                f"Unflatten with unflattened_size [{channels * height}, {width}] before it; "
                "or use Conv2d layers on images."
            ),
        )
    return None


def _every_step_into_flat(label: str, gets: str, node: str, source: str) -> DesignIssue:
    """A flat layer after an LSTM or a GRU that hands on every step: hand on the last only."""
    return DesignIssue(
        node=node,
        message=(
            f"{label} expects a flat input but gets {gets}: `{source}` hands on every step, "
            f"so set its output to last to hand on its last step only, or add a Flatten "
            f"before `{node}` to read every step."
        ),
        fix=ParamFix(
            label=f"Set output of `{source}` to last",
            layer=source,
            param="output",
            value="last",
        ),
    )


def _flat_as_steps(wanted: str, node: str, source: str, features: int) -> DesignIssue:
    """A sequence layer on flat values: unflatten them to steps of 1 channel, and for the input
    itself, a table's row, say that its columns are no steps in time."""
    unflatten = (
        f"add an Unflatten with unflattened_size [1, {features}] before it, to read the "
        f"{features} values as {features} steps of 1 channel"
    )
    if source == INPUT:  # a table's row: its columns have no order in time
        advice = (
            f"{wanted}: each sample is a row of {features} values, a table's columns, not "
            f"steps in time for `{node}` to read in order. For a table, start from Linear "
            f"layers (the MLP template); to read the row as steps anyway, {unflatten}."
        )
    else:
        advice = f"{wanted}: {unflatten}."
    return DesignIssue(
        node=node,
        message=advice,
        fix=DesignFix(
            label=f"Insert an Unflatten to (1, {features}) before `{node}`",
            insert=LayerToInsert(type="Unflatten", params={"unflattened_size": [1, features]}),
            after=source,
            before=node,
        ),
    )


def recurrent_settings_issue(
    spec: LayerSpec, node: str, kwargs: dict[str, Any]
) -> DesignIssue | None:
    """An LSTM's or a GRU's dropout with nothing stacked to drop between (torch only warns)."""
    if spec.category != RECURRENT or not kwargs["dropout"] or kwargs["num_layers"] > 1:
        return None
    return DesignIssue(
        node=node,
        field="dropout",
        message=(
            f"{layer_label(spec, node)}: dropout acts only between stacked layers, and num_layers "
            "is 1: set num_layers to 2 or more, or dropout to 0 (a Dropout after it drops its "
            "output)."
        ),
        fix=ParamFix(label=f"Set dropout of `{node}` to 0", layer=node, param="dropout", value=0),
    )
