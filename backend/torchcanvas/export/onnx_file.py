"""A trained model as ONNX: at the opset a person asks for (TensorRT and OpenCV builds often read
only 13 to 17), with its classes and preprocessing in the file's metadata, so a tool that opens
only the .onnx knows what its outputs are and what its input must be."""

import io
import json
from typing import TYPE_CHECKING, Any

import numpy
import torch
import torch.nn as nn

from torchcanvas.export.opsets import DEFAULT_OPSET, OPSETS
from torchcanvas.problems import Invalid

# onnx is imported where a file is written, not with this module: the server imports this one
# for its names, and onnx is half a second of CPU its start need not pay.
if TYPE_CHECKING:
    import onnx

# The dynamo exporter's oldest own opset: below it, its converter leaves the file at 18 (no
# adapter takes Identity below 16), so older ones come from torch's TorchScript-based exporter.
DYNAMO_OLDEST = 18
RECURRENT_OPS = ("LSTM", "GRU", "RNN")  # ONNX's: their initial state has a batch dimension


class NoSuchOpset(Invalid):
    """An ONNX opset this server does not export to."""


class OpsetRefused(Invalid):
    """A model that cannot be written at the opset asked for (an operator newer than it)."""


def check_opset(opset: int) -> None:
    if opset not in OPSETS:
        raise NoSuchOpset(
            f"ONNX opset {opset} is not offered: choose one from {OPSETS[0]} to {OPSETS[-1]} "
            f"(opset={OPSETS[0]}…{OPSETS[-1]}; without it, {DEFAULT_OPSET})."
        )


def kept_name(opset: int) -> str:
    """The name of the export at `opset` among the run's exports (one file per opset)."""
    return f"model-opset{opset}.onnx"


def onnx_model(
    model: nn.Module, example: torch.Tensor, opset: int, metadata: dict[str, str]
) -> bytes:
    """The model as ONNX at `opset`, input `input` and output `output`, any batch size, with
    `metadata` as its metadata_props. OpsetRefused where it cannot be written at that opset."""
    if opset >= DYNAMO_OLDEST:
        proto = _dynamo(model, example, opset)
    else:
        proto = _torchscript(model, example, opset)
        _check_any_batch(proto, example, opset)
    written = {o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")}
    if written != {opset}:  # a converter that gave up keeps the file at its own opset
        raise OpsetRefused(
            f"This model cannot be written as ONNX opset {opset} (the exporter wrote "
            f"{', '.join(map(str, sorted(written)))}): choose opset {DYNAMO_OLDEST} or later."
        )
    import onnx

    for key, value in metadata.items():
        proto.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    data: bytes = proto.SerializeToString()
    return data


def batch_dim() -> dict[int, object]:
    """The batch dimension of an exported program: any size (a run's batch size bounded it, and
    a program loaded elsewhere refused a larger batch: a review)."""
    return {0: torch.export.Dim("batch", min=1)}


def _dynamo(model: nn.Module, example: torch.Tensor, opset: int) -> "onnx.ModelProto":
    program = torch.onnx.export(
        model,
        (example,),
        dynamo=True,
        opset_version=opset,
        input_names=["input"],
        output_names=["output"],
        dynamic_shapes=(batch_dim(),),
        verbose=False,
    )
    if program is None:
        raise RuntimeError("torch.onnx.export returned no program")
    proto: onnx.ModelProto = program.model_proto
    return proto


def _torchscript(model: nn.Module, example: torch.Tensor, opset: int) -> "onnx.ModelProto":
    import onnx

    buffer = io.BytesIO()
    try:
        torch.onnx.export(
            model,
            (example,),
            buffer,  # type: ignore[arg-type]  # the TorchScript exporter writes a file object
            dynamo=False,
            opset_version=opset,
            input_names=["input"],
            output_names=["output"],
            dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        )
    except Exception as exc:  # an operator the old opset has no form for
        raise OpsetRefused(
            f"This model cannot be written as ONNX opset {opset} ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:200] if str(exc) else 'no reason given'}): choose "
            f"opset {DYNAMO_OLDEST} or later."
        ) from exc
    return onnx.load_from_string(buffer.getvalue())


def _check_any_batch(proto: "onnx.ModelProto", example: torch.Tensor, opset: int) -> None:
    """OpsetRefused where the file runs only at the example's batch size. torch's TorchScript-
    based exporter fixes a recurrent layer's initial state at the traced batch where an Unflatten
    feeds it (the editor's own fix for a table read as a sequence): onnxruntime then refuses any
    other batch (a review). Run once, in ONNX's own reference runtime, at another batch size."""
    if not any(node.op_type in RECURRENT_OPS for node in proto.graph.node):
        return
    from onnx.reference import ReferenceEvaluator

    other = torch.cat([example, example[:1]]).numpy()
    try:
        outputs = ReferenceEvaluator(proto).run(None, {"input": other})
        output = outputs["output"] if isinstance(outputs, dict) else outputs[0]
        runs = numpy.asarray(output).shape[0] == other.shape[0]
    except Exception:  # its shapes do not meet: the batch was fixed
        runs = False
    if not runs:
        raise OpsetRefused(
            f"This model cannot be written as ONNX opset {opset} for any batch size (torch's "
            f"exporter for opsets before {DYNAMO_OLDEST} fixed a recurrent layer's batch size): "
            f"choose opset {DYNAMO_OLDEST} or later."
        )


def onnx_metadata(preprocessing: dict[str, Any]) -> dict[str, str]:
    """What the .onnx says of its model (a bundle's preprocessing.json, in short keys): each a
    string, JSON where it is a list or an object."""
    shape = list(preprocessing.get("input_shape") or [])
    meta = {
        "input_shape": json.dumps(shape),
        "input": f"`input`: float32 of shape (batch, {', '.join(map(str, shape))}); "
        "`output`: (batch, outputs)",
    }
    if preprocessing.get("task"):
        meta["task"] = str(preprocessing["task"])
    if preprocessing.get("classes"):
        meta["classes"] = json.dumps(preprocessing["classes"])
    scaling = preprocessing.get("standardisation")
    if isinstance(scaling, dict):
        meta["columns"] = json.dumps(scaling.get("features"))
        meta["scaling"] = (
            "Each input column standardised: (value - mean) / std, with the mean and std of "
            "each column (in the order of `columns`) in `preprocessing`."
        )
        if scaling.get("target_mean") is not None:
            meta["output_scaling"] = (
                f"The output is standardised: output * {scaling['target_std']!r} + "
                f"{scaling['target_mean']!r} gives `{scaling.get('target') or 'the target'}`."
            )
    pictures = preprocessing.get("pictures")
    if isinstance(pictures, dict) and pictures.get("levels"):
        meta["scaling"] = (
            f"Each value is a pixel's level divided by {pictures['levels']}, so it lies in "
            "[0, 1]; channels first (C, H, W)."
        )
    if preprocessing.get("scaling"):
        meta["scaling"] = str(preprocessing["scaling"])
    meta["preprocessing"] = json.dumps(preprocessing)  # the bundle's preprocessing.json, whole
    return meta
