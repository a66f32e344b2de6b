"""Frozen layers (fine-tuning): their parameters keep their values and the optimizer never sees
them. A frozen layer also runs in inference mode while the others train, as Keras does: a frozen
BatchNorm normalises with its running statistics and does not update them, so every tensor of a
frozen layer, buffers too, stays exactly as it started."""

import torch.nn as nn

from torchcanvas.design.schema import Design, DesignIssue, ValidationResult
from torchcanvas.training.init_weights import InitMatch

FIELD = "training.frozen"


def frozen_issues(
    design: Design, frozen: list[str], result: ValidationResult, init_from: str | None
) -> list[DesignIssue]:
    """Frozen ids that are no layer, or a layer without parameters; nothing left to train (no
    parameters at all, or every one frozen); freezing layers of a run that starts from fresh
    weights (no init_from)."""
    ids = {layer.id: layer for layer in design.layers}
    issues: list[DesignIssue] = []
    for layer_id in dict.fromkeys(frozen):
        layer = ids.get(layer_id)
        node = result.nodes.get(layer_id)
        if layer is None:
            message = (
                f"Layer `{layer_id}` in frozen is not in this design: name the layers to freeze "
                "by their ids, or remove it from frozen."
            )
            issues.append(DesignIssue(field=FIELD, message=message))
        elif node is not None and node.params == 0:
            message = (
                f"{layer.type} `{layer_id}` has no parameters to freeze: remove it from frozen "
                "(only layers with parameters, such as Conv2d or Linear, can be frozen)."
            )
            issues.append(DesignIssue(node=layer_id, field=FIELD, message=message))
    frozen_params = sum(node.params for i, node in result.nodes.items() if i in frozen)
    if not issues and result.valid and frozen_params == result.total_params:
        issues.append(_nothing_trains(bool(frozen)))
    if not issues and frozen and init_from is None:
        issues.append(_frozen_fresh(list(dict.fromkeys(frozen))))
    return issues


def _nothing_trains(frozen: bool) -> DesignIssue:
    """Every parameter frozen, or none at all: torch's optimizer refuses an empty parameter list."""
    if frozen:
        return DesignIssue(
            field=FIELD,
            message="Every layer with parameters is frozen, so nothing would train: "
            "leave at least one layer (such as the last Linear) out of frozen.",
        )
    return DesignIssue(
        message="This design has no layer with parameters, so training would have nothing to "
        "learn: add a layer with weights, such as a Linear (or a Conv2d on images), before "
        "the output.",
    )


# Layers whose fresh start is no random one but an identity (a scale of 1, a shift of 0, running
# statistics of a standard normal): frozen fresh, a BatchNorm passes its input on as it is.
_SET_START = ("BatchNorm", "LayerNorm", "GroupNorm")


def unfilled_frozen_issues(
    match: InitMatch, frozen: list[str], design: Design
) -> list[DesignIssue]:
    """Frozen layers that the weights a run starts from (init_from) do not fill, wholly or in
    part: what they miss would keep its random start for the whole run."""
    types = {layer.id: layer.type for layer in design.layers}
    unfilled = [
        start
        for start in match.layers
        if start.layer in frozen
        and start.fresh
        and not types.get(start.layer, "").startswith(_SET_START)
    ]
    if not unfilled:
        return []
    named = ", ".join(f"`{start.layer}` ({'; '.join(start.fresh)})" for start in unfilled)
    one = len(unfilled) == 1
    run = match.run_id
    return [
        DesignIssue(
            node=unfilled[0].layer,
            field=FIELD,
            message=f"{'Layer' if one else 'Layers'} {named} {'is' if one else 'are'} frozen, "
            f"but run {run}'s weights do not fill {'it' if one else 'them'}, so "
            f"{'it' if one else 'they'} would keep {'its' if one else 'their'} random start for "
            f"the whole run: remove {'it' if one else 'them'} from frozen, so that "
            f"{'it trains' if one else 'they train'}.",
        )
    ]


def _frozen_fresh(frozen: list[str]) -> DesignIssue:
    """A frozen layer keeps the weights it starts with: fresh ones, it would stay random."""
    named = ", ".join(f"`{layer_id}`" for layer_id in frozen)
    one = len(frozen) == 1
    return DesignIssue(
        node=frozen[0],
        field=FIELD,
        message=f"{'Layer' if one else 'Layers'} {named} {'is' if one else 'are'} frozen but the "
        f"run starts from fresh weights (no init_from), so {'it' if one else 'they'} would keep "
        f"{'its' if one else 'their'} random start for the whole run: set init_from to a run "
        f"that trained {'it' if one else 'them'}, or remove {'it' if one else 'them'} from frozen.",
    )


def freeze(model: nn.Module, frozen: list[str]) -> None:
    """Stops gradients to the frozen layers' parameters (each layer is a submodule by its id)."""
    for layer_id in frozen:
        model.get_submodule(layer_id).requires_grad_(False)


def trainable(model: nn.Module) -> list[nn.Parameter]:
    """The parameters the optimizer updates: all but the frozen layers'."""
    return [p for p in model.parameters() if p.requires_grad]


def train_mode(model: nn.Module, frozen: list[str]) -> None:
    """Training mode, but inference mode for the frozen layers (see the module's docstring)."""
    model.train()
    for layer_id in frozen:
        model.get_submodule(layer_id).eval()
