"""The docstring at the top of a run's script: what it is, how to run it, what it needs."""

import shlex
import textwrap

from torchcanvas.design.codegen import clean_text
from torchcanvas.design.schema import Design
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.script_upload import file_name


def _dataset_name(info: DatasetInfo) -> str:
    """A built-in's name, or an upload's file name with its id (what the server calls it)."""
    return f"{clean_text(file_name(info))} ({info.name})" if info.source == "upload" else info.name


def _how_to_run(script: str, info: DatasetInfo) -> str:
    """The command, and what the script needs."""
    needs = "torch and numpy" if info.source == "download" else "torch, numpy and scikit-learn"
    if info.source != "upload":
        return f"Run it with `python {script}.py`: it needs {needs}, never TorchCanvas."
    if file_name(info).lower().endswith(".zip"):
        needs += ", and Pillow to read the images"
    # Quoted for a shell: the uploader chose the name, and whoever reads the script may paste it.
    return (
        f"Run it with `python {script}.py {shlex.quote(clean_text(file_name(info)))}` (the path of the file you "
        "uploaded, or download it from the dataset's preview in TorchCanvas): it needs "
        f"{needs}, never TorchCanvas."
    )


def script_header(
    design: Design,
    info: DatasetInfo,
    run_id: str | None,
    script: str,
    restarted: bool = False,
    threads: bool = False,
    lr_changes: bool = False,
) -> str:
    """The script's docstring; `script` is its file name without `.py`, `run_id` None for a design
    not trained yet (the editor's Code panel), `restarted` says the run started its schedule
    over when it was trained for more epochs, and `threads` that the script sets torch's threads
    to the worker's (THREADS), and `lr_changes` that a Continue set a new learning rate."""
    if run_id is None:
        title = (
            f"{clean_text(design.name)}, to train on {_dataset_name(info)}: a TorchCanvas design "
            "and its training settings as a plain PyTorch script."
        )
        trained = (
            "validation loss, as a TorchCanvas run of it would (with as many CPU threads as this "
            "server's workers, THREADS)"
            if threads
            else "validation loss, as a TorchCanvas run of it would (where torch uses as many "
            "threads as its worker)"
        )
        weights = "load_trained(), at the end, loads the weights a run of it trained "
    else:
        title = (
            f"{clean_text(design.name)}, trained on {_dataset_name(info)}: TorchCanvas run "
            f"{run_id} as a plain PyTorch script."
        )
        trained = (
            "validation loss, as the run did: the same data, split and batch order, the same "
            "first weights and settings, and the same CPU threads as the run's worker (THREADS, "
            "or --threads N), so its numbers agree closely with the run's. They are not the "
            "same to every digit: float sums rounded in another order (another CPU or torch, "
            "another count of threads, the run's GPU) drift apart a little with each step, the "
            "more the more steps and the smaller the batches (a small CNN with batch 8 may be "
            "0.001 off by epoch 40)"
            if threads
            else "validation loss, as the run did: the same data, split and batch order, the "
            "same first weights and settings, so its numbers agree closely with the run's where "
            "torch uses as many threads as the run's worker did (torch.set_num_threads; one on "
            "a machine of few cores). They are not the same to every digit: float sums rounded "
            "in another order (another CPU or torch, another count of threads, the run's GPU) "
            "drift apart a little with each step, the more the more steps and the smaller the "
            "batches (a small CNN with batch 8 may be 0.001 off by epoch 40)"
        )
        weights = "load_trained(), at the end, loads the run's trained weights "
    body = (
        f"{_how_to_run(script, info)} On the CPU it prints each epoch's training and "
        f"{trained}. `--help` lists its options: "
        "other epochs, batch size, learning rate or seed, and --save PATH for the weights it "
        f"trains. {weights}(weights.safetensors, downloaded from the run) instead."
    )
    if lr_changes:
        body += (
            " The run was given a new learning rate (by a Continue, or as it trained): the "
            "script sets it where the run did (LR_CHANGES), keeping the optimizer's state."
        )
    if restarted:
        body += (
            " The run's schedule started over (it trained more epochs, or was given a new "
            "rate): the script starts it over where the run did (SCHEDULE_STARTS), from the "
            "rate it then had."
        )
    wrap = textwrap.TextWrapper(width=96, break_on_hyphens=False, break_long_words=False)
    return f'"""{wrap.fill(title)}\n\n{wrap.fill(body)}\n"""'
