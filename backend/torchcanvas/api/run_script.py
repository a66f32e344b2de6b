"""A run as a plain PyTorch script (its Net, its data and its training loop), for its owner and
through a share link alike."""

from pathlib import Path

from fastapi.responses import PlainTextResponse

from torchcanvas.api.replies import PYTHON
from torchcanvas.api.services import Services
from torchcanvas.design.codegen import file_stem
from torchcanvas.export.bundle import TRAIN_SCRIPT
from torchcanvas.store.runs import Run
from torchcanvas.training.data import DatasetError
from torchcanvas.training.events import StartedEvent
from torchcanvas.training.run_dataset import script_dataset
from torchcanvas.training.script import training_script
from torchcanvas.training.script_schedule import continued
from torchcanvas.training.settings import TrainingSettings

SHOWN_ID = 6  # a share link's script names its run as its files do: by the id's first characters


def script_reply(services: Services, run: Run, *, shared: bool) -> PlainTextResponse:
    """The script as a download named as the run's other files are; through a share link it
    names the run by the start of its id only, as those files' names do."""
    text = script_text(services, run, run.id[:SHOWN_ID] if shared else run.id)
    attachment = f'attachment; filename="{file_stem(run.design, run.id)}.py"'
    return PlainTextResponse(text, media_type=PYTHON, headers={"Content-Disposition": attachment})


def bundle_script(services: Services, run: Run) -> str | None:
    """The script as the bundle holds it (the bundle is one file for its owner and through a
    share link, so it names the run as a link does); None where the dataset is gone."""
    try:
        return script_text(services, run, run.id[:SHOWN_ID], Path(TRAIN_SCRIPT).stem)
    except DatasetError:
        return None


def script_text(services: Services, run: Run, shown: str, named: str | None = None) -> str:
    """The run as one standalone Python file, naming the run `shown`; `named`: its file's name
    without `.py` where it is not the run's own (the bundle's train.py)."""
    dataset = run.training.dataset
    folder = services.run_service.folder(run.id)
    info = script_dataset(folder, dataset, services.settings.data_dir)
    if info is None:  # a run from before its dataset's info was kept with it
        raise DatasetError(
            f"Run {shown} trained on `{dataset}`, which is no longer on this server: "
            "the script needs its task and classes; upload the dataset again to train on it."
        )
    match = services.run_service.with_init_match(run).init_match
    starts = services.run_service.events.started(run.id)
    training, stopped = _as_it_ended(services, run, starts)
    went_on = continued(training, starts, run.lr_changes)
    threads = starts[-1].threads if starts else None  # None: a run from before they were kept
    return training_script(
        run.design, training, info, shown, match, went_on, threads, stopped_at=stopped, named=named
    )


def _as_it_ended(
    services: Services, run: Run, starts: list[StartedEvent]
) -> tuple[TrainingSettings, int | None]:
    """The settings the run's weights were trained to, and the step a Stop ended it at (its
    script stops there too; None: it trained its plan). A Continue stopped while it still
    waited in the queue trained nothing: the run is as its part before ended, with that
    part's epochs (the Continue had already added its own to the settings)."""
    if run.status != "cancelled" or run.metrics.step == 0:
        return run.training, None
    started, before = services.run_service.events.last_ends(run.id)
    if started:
        return run.training, run.metrics.step
    training = run.training
    if starts:
        training = training.model_copy(update={"epochs": starts[-1].epochs})
    return training, run.metrics.step if before == "cancelled" else None
