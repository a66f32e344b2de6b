"""A run written straight into a server's database, as training would have left it: for browser
tests of what a run's page shows, without waiting for one to train."""

import secrets
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from torchcanvas.api.access import owner_identity
from torchcanvas.design.schema import Design
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.store.db import Database
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.run_labels import RunLabels
from torchcanvas.store.runs import RunStore
from torchcanvas.training.events import (
    EndEvent,
    EpochEvent,
    Metrics,
    ProgressEvent,
    StartedEvent,
    TrainingEvent,
)
from torchcanvas.training.settings import TrainingSettings

# Settings of a short digits run, for runs whose settings the test does not look at.
DIGITS_SETTINGS = TrainingSettings(
    dataset="digits", loss="CrossEntropyLoss", optimizer="Adam", lr=1e-3, epochs=3, batch_size=64
)
# A design for those runs: the smallest that takes digits.
DIGITS_MLP: dict[str, Any] = {
    "version": 1,
    "name": "digits-mlp",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def owner_of(page: Page, server_url: str) -> str:
    """This browser's owner cookie, which the server gives it on any page (here the runs page)."""
    page.goto(f"{server_url}/runs")
    cookies = page.context.cookies(server_url)
    return next(c["value"] for c in cookies if c["name"] == "torchcanvas_owner")


def write_run(
    data: Path,
    owner_cookie: str,
    design: dict[str, Any],
    training: TrainingSettings,
    events: list[TrainingEvent],
    labels: RunLabels | None = None,
    dataset_title: str | None = None,
    error: str | None = None,
    group: str | None = None,
) -> str:
    """An ended run owned by the browser whose `torchcanvas_owner` cookie value is given; its id;
    `error` is a failed run's reason, `group` a sweep's."""
    end = events[-1]
    assert isinstance(end, EndEvent), "a written run ends with its end event"
    run_id = secrets.token_hex(8)
    db = Database(data / "torchcanvas.db")
    store = RunStore(db)
    store.create(run_id, Design.model_validate(design), training, dataset_title, None, group)
    store.mark_started(run_id, "cpu")
    OwnerStore(db).record(run_id, owner_identity(owner_cookie))
    log = EventLog(db)
    with db.transaction():
        for event in events:
            log.append(run_id, event)
    store.set_metrics(run_id, end.metrics)
    store.mark_ended(run_id, end.status, error)
    if labels:
        store.label(run_id, labels)
    db.close()
    return run_id


def finished_events(epochs: int) -> list[TrainingEvent]:
    """A short succeeded run of `epochs` epochs, 4 steps each, its loss falling as 2 / epoch."""
    events: list[TrainingEvent] = [
        StartedEvent(
            device="cpu", epochs=epochs, steps_per_epoch=4, total_steps=4 * epochs, layers=["fc"]
        )
    ]
    for epoch in range(1, epochs + 1):
        step = 4 * epoch
        loss = 2 / epoch
        events.append(
            ProgressEvent(
                epoch=epoch,
                step=step,
                loss=loss,
                losses=[loss] * 4,
                grad_norms={"fc": 1.0},
                elapsed=step / 10,
                eta=1.0,
                samples_per_second=100.0,
                lr=1e-3,
            )
        )
        events.append(
            EpochEvent(
                epoch=epoch,
                step=step,
                train_loss=loss,
                val_loss=loss,
                val_accuracy=0.9,
                elapsed=step / 10,
            )
        )
    metrics = Metrics(
        epoch=epochs, step=4 * epochs, train_loss=loss, val_loss=loss, val_accuracy=0.9
    )
    return [*events, EndEvent(status="succeeded", metrics=metrics)]


def converging_events(epochs: int) -> list[TrainingEvent]:
    """A run whose loss and gradient norm fall tenfold every two epochs (4 steps each): curves
    that sit flat on 0 on a linear axis, and span decades on a log one."""
    events = finished_events(epochs)
    for event in events:
        if isinstance(event, ProgressEvent):
            loss = 2 * 10 ** (-event.epoch / 2)
            event.losses = [loss * 10 ** (-i / 8) for i in range(4)]
            event.loss = loss
            event.grad_norms = {"fc": loss}
        elif isinstance(event, EpochEvent):
            event.train_loss = event.val_loss = 2 * 10 ** (-event.epoch / 2)
    return events
