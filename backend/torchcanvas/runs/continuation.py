"""Whether an ended run can go on from its checkpoint, and with which settings (Continue)."""

from pathlib import Path

from torchcanvas.runs.errors import RunConflict
from torchcanvas.store.runs import ENDED, Run
from torchcanvas.training.checkpoint import position_of, usable_checkpoint
from torchcanvas.training.data import DatasetError, find_dataset
from torchcanvas.training.data.storage import DamagedUpload, is_upload_id
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings

MAX_EPOCHS = 1000  # TrainingSettings' own limit on epochs


def continued_training(
    run: Run, folder: RunFolder, data_dir: Path, epochs: int | None
) -> TrainingSettings:
    """The settings the run goes on with; RunConflict saying why when it cannot go on.

    Without `epochs` a stopped or failed run goes on to the epochs it planned; with it, the
    run trains that many epochs more than it has completed.
    """
    run_id = run.id
    if run.status not in ENDED:
        raise RunConflict(
            f"Run {run_id} is {run.status}: only a finished, stopped or failed run can continue."
        )
    usable, problems = usable_checkpoint(folder)
    position = position_of(usable) if usable is not None else None
    if position is None and problems:
        raise RunConflict(
            f"Run {run_id} cannot continue: no checkpoint of it can be read "
            f"({'; '.join(problems)}). Start a new run instead."
        )
    if position is None:
        raise RunConflict(
            f"Run {run_id} has no checkpoint to continue from: it ended before its first "
            "epoch did. Start a new run instead."
        )
    try:
        find_dataset(run.training.dataset, data_dir)
    except DatasetError as exc:
        dataset = run.training.dataset
        named = f"{run.dataset_title} (`{dataset}`)" if run.dataset_title else f"`{dataset}`"
        raise RunConflict(
            f"Run {run_id} cannot go on: its dataset {named} was deleted. Start a new "
            "run on another dataset."
            if is_upload_id(dataset) and not isinstance(exc, DamagedUpload)
            else f"Run {run_id} cannot go on: {exc}"
        ) from None
    done = position.epoch - 1  # epochs completed at the checkpoint
    if epochs is None and done >= run.training.epochs:
        raise RunConflict(
            f"Run {run_id} has trained all its {run.training.epochs} epochs: "
            "say how many more with `epochs`."
        )
    target = run.training.epochs if epochs is None else done + epochs
    if target > MAX_EPOCHS:
        raise RunConflict(
            f"Run {run_id} would train {target} epochs, over the limit of {MAX_EPOCHS}: "
            "ask for fewer."
        )
    return run.training.model_copy(update={"epochs": target})
