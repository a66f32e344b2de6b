"""The script's constants: seed, epochs, batch size, rate, threads, clipping, patience, and
where the run went on and which weights it started from."""

from torchcanvas.design.schema import Design
from torchcanvas.training.init_weights import InitMatch
from torchcanvas.training.pass_rows import pass_rows
from torchcanvas.training.script_finetune import frozen_constant, init_constant
from torchcanvas.training.settings import TrainingSettings

THREADS_COMMENT = "# torch's CPU threads, as the run's worker had: the sums in the same order"


def constants_code(
    design: Design,
    training: TrainingSettings,
    match: InitMatch | None,
    went_on: tuple[int, ...],
    threads: int | None,
) -> str:
    """The constants the script's other parts read, one a line."""
    lines = [
        f"SEED = {training.seed}",
        f"EPOCHS = {training.epochs}",
        f"BATCH_SIZE = {training.batch_size}",
        f"LR = {training.lr!r}",
        f"EVAL_BATCH = {pass_rows(design)}  # validation batch size, as the run's",
    ]
    if threads is not None:
        lines.append(f"THREADS = {threads}  {THREADS_COMMENT}")
    if training.clip_grad_norm is not None:
        lines.append(f"CLIP_GRAD_NORM = {training.clip_grad_norm!r}  # largest total gradient norm")
    if training.early_stopping_patience is not None:
        lines.append(
            f"PATIENCE = {training.early_stopping_patience}  "
            "# epochs without a lower validation loss before stopping"
        )
        lines.append(
            f"RESTORE_BEST_WEIGHTS = {training.restore_best_weights}  "
            "# end with the weights of the epoch of lowest validation loss"
        )
        lines.append(_went_on_constant(went_on))
    lines += [init_constant(match), frozen_constant(training)]
    return "\n".join(line for line in lines if line) + "\n"


def _went_on_constant(went_on: tuple[int, ...]) -> str:
    """Where the run went on, each time with early stopping's full patience again."""
    if not went_on:
        return ""
    return (
        "# The run went on after these steps (Continue, Train N more epochs), each time with\n"
        f"# early stopping's full patience again.\nWENT_ON = {sorted(set(went_on))!r}"
    )
