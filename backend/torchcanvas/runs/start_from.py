"""Starting a run from one of its owner's trained runs (init_from): may it, and what it copies."""

from torchcanvas.design.schema import Design, DesignIssue
from torchcanvas.runs.errors import RunConflict
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.runs import ENDED, Run, RunStore
from torchcanvas.training.freeze import unfilled_frozen_issues
from torchcanvas.training.init_weights import (
    InitMatch,
    design_tensors,
    match_tensors,
    no_match_message,
)
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.weights import DamagedWeights, stored_shapes, weight_shapes

FIELD = "training.init_from"
FINE_TUNED = " (fine-tuned)"
NAME_LENGTH = 200  # a RunName's most (store/run_labels.py)
# What a design whose parent run's weights are damaged can do instead.
START_ELSEWHERE = (
    "Start from another run's weights, or leave init_from empty to train from fresh ones."
)


def start_match(
    store: RunStore, parent: RunFolder, design: Design, parent_id: str, owner: str | None
) -> InitMatch:
    """Which of a valid design's tensors run `parent_id`'s weights (in `parent`) give;
    RunConflict saying why when that run is not the owner's or has no weights, and
    DamagedWeights when they cannot be read or are not its own design's."""
    # Whose it is, before its record is read: another owner's run, damaged or not, is not found.
    owned = owner is not None and OwnerStore(store.db).owns(parent_id, owner)
    run = store.get(parent_id) if owned else None
    if run is None:
        raise RunConflict(
            f"Run {parent_id} not found among your runs: name one of your own trained runs "
            "(its id is on its model page), or leave init_from empty to train from scratch."
        )
    if not parent.weights.is_file():
        raise RunConflict(f"Run {parent_id} has no trained weights to start from {_why(run)}")
    given = weight_shapes(parent.weights, design_tensors(run.design), START_ELSEWHERE)
    return match_tensors(design_tensors(design), given, parent_id)


def _why(run: Run) -> str:
    """Why a run has no weights, and what to do: wait, where it is still to train."""
    if run.status == "paused":  # it ends only once resumed (or stopped)
        return "(it is paused): resume it and start from it once it ends, or name another run."
    if run.status not in ENDED:
        still = "queued" if run.status == "queued" else "training"
        return f"(it is still {still}): wait until it ends, or name another run."
    if run.status == "succeeded":  # its file gone from the disk since
        return "(its weights file is missing): name another run, or train this one again."
    ended = "was stopped" if run.status == "cancelled" else "failed"
    return f"(it {ended} before it saved any): name another run, or train this one again."


def init_from_issues(
    store: RunStore,
    parent: RunFolder,
    design: Design,
    parent_id: str,
    owner: str | None,
    frozen: list[str],
) -> list[DesignIssue]:
    """Why a valid design cannot start from run `parent_id`'s weights, with its `frozen` layers
    filled by them; empty when it can."""
    try:
        match = start_match(store, parent, design, parent_id, owner)
    except (RunConflict, DamagedWeights, DamagedRecord) as exc:
        return [DesignIssue(field=FIELD, message=str(exc))]
    if not match.tensors:
        return [DesignIssue(field=FIELD, message=no_match_message(match))]
    return unfilled_frozen_issues(match, frozen, design)


def record_init_match(folder: RunFolder, design: Design, parent_id: str) -> None:
    """Writes what a new run takes from the weights it starts from (its init.safetensors)."""
    match = match_tensors(design_tensors(design), stored_shapes(folder.init_weights), parent_id)
    folder.write_text(folder.init_match.name, match.model_dump_json(indent=2))


def with_init_match(run: Run, folder: RunFolder) -> Run:
    """The run with its init_match, as written when it was created; as it is without one."""
    if run.training.init_from is None or not folder.init_match.is_file():
        return run
    match = InitMatch.model_validate_json(folder.init_match.read_text())
    return run.model_copy(update={"init_match": match})


def fine_tuned_name(store: RunStore, design: Design, parent_id: str) -> str | None:
    """The name of a run that starts from run `parent_id` and was given none: the parent's, marked
    once however many generations, so that the runs list tells them apart. None where the design
    was renamed: its own name already does."""
    parent = store.get(parent_id)
    if parent is None:
        return None
    shown = parent.name or parent.design.name
    if design.name not in (shown, parent.design.name):
        return None
    if shown.endswith(FINE_TUNED):
        return shown
    return shown[: NAME_LENGTH - len(FINE_TUNED)] + FINE_TUNED
