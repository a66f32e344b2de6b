"""A run that a Stop ended, in its script: training ends at the same step, on the weights the
run had reached (the plan's later epochs are not trained)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StopLines:
    """main()'s lines that end training at STOP_AT_STEP, as a Stop ended the run: at an
    epoch's start (after the epoch before was validated), or inside an epoch, before its
    validation; none for a run that no Stop ended."""

    epoch_start: tuple[str, ...] = ()
    batch_end: tuple[str, ...] = ()

    @staticmethod
    def of(stopped: bool) -> "StopLines":
        if not stopped:
            return StopLines()
        said = '            print(f"stopped at step {STOP_AT_STEP}, as the run was")'
        return StopLines(
            ("        if trained == STOP_AT_STEP:  # stopped after the epoch before", said,
             "            break"),
            ("            trained += 1",
             "            if trained == STOP_AT_STEP and b < steps_per_epoch - 1:",
             "                break  # stopped inside this epoch: no validation",
             "        if trained == STOP_AT_STEP and b < steps_per_epoch - 1:", said,
             "            break"),
        )  # fmt: skip


def stop_constant(stopped_at: int | None) -> str:
    """STOP_AT_STEP, for a run that a Stop ended: its script ends there too, on its weights."""
    if stopped_at is None:
        return ""
    return (
        "# The run was stopped (Stop) after this many optimizer steps: training ends there too,\n"
        f"# with the weights it had reached.\nSTOP_AT_STEP = {stopped_at}"
    )
