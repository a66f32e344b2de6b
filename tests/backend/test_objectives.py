"""Every loss, optimizer and schedule of the catalogue on a small real run, through the loop itself."""

import itertools
import math
import re
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.catalog import LOSSES, OPTIMIZERS, SCHEDULERS
from torchcanvas.training.events import EpochEvent, ProgressEvent, TrainingEvent
from torchcanvas.training.insight import InsightEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.run_folder import RunFolder

torch.set_num_threads(1)  # as in a worker; the machine's other core serves other tests


def mlp(inputs: int, outputs: int, last: str | None = None) -> dict[str, Any]:
    """Linear(16) → ReLU → Linear(outputs), then `last` (LogSoftmax, Sigmoid) when given."""
    layers: list[dict[str, Any]] = [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": outputs}},
    ]
    if last:
        layers.append({"id": "out", "type": last})
    return {"version": 1, "name": "mlp", "input_shape": [inputs], "layers": layers}


def run(tmp_path: Path, design: dict[str, Any], **training: Any) -> list[TrainingEvent]:
    settings = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    settings |= {"epochs": 3, "batch_size": 32, "seed": 0} | training
    events: list[TrainingEvent] = []
    train(
        TrainingJob(design=design, training=settings, folder=tmp_path), events.append, lambda: False
    )
    return events


def epochs(events: list[TrainingEvent]) -> list[EpochEvent]:
    return [e for e in events if isinstance(e, EpochEvent)]


# One design per loss: (dataset, network). Binary losses use one output on the two moons.
LOSS_CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "CrossEntropyLoss": ("moons", mlp(2, 2)),
    "NLLLoss": ("moons", mlp(2, 2, "LogSoftmax")),
    "BCEWithLogitsLoss": ("moons", mlp(2, 1)),
    "BCELoss": ("moons", mlp(2, 1, "Sigmoid")),
    "MSELoss": ("sine", mlp(1, 1)),
    "L1Loss": ("sine", mlp(1, 1)),
    "SmoothL1Loss": ("sine", mlp(1, 1)),
    "HuberLoss": ("sine", mlp(1, 1)),
    "KLDivLoss": ("moons", mlp(2, 2, "LogSoftmax")),
}


def test_every_loss_has_a_case() -> None:
    assert sorted(LOSS_CASES) == sorted(spec.name for spec in LOSSES)


@pytest.mark.parametrize("loss", list(LOSS_CASES))
def test_each_loss_learns(tmp_path: Path, loss: str) -> None:
    dataset, design = LOSS_CASES[loss]
    events = run(tmp_path, design, dataset=dataset, loss=loss, epochs=4)
    assert events[-1].type == "end" and events[-1].status == "succeeded"
    first, last = epochs(events)[0], epochs(events)[-1]
    assert last.train_loss is not None and first.train_loss is not None
    assert last.train_loss < first.train_loss
    if dataset == "moons":
        assert last.val_accuracy is not None and last.val_accuracy >= 0.8
        # Counted on its training batches as they were trained, whatever form the outputs take.
        assert last.train_accuracy is not None and last.train_accuracy >= 0.8
    else:
        assert last.train_accuracy is None  # a regression has no accuracy


def test_one_hot_losses_learn_classes_with_one_output_per_class(tmp_path: Path) -> None:
    for loss in ("MSELoss", "BCEWithLogitsLoss", "HuberLoss"):
        events = run(tmp_path, mlp(2, 2), loss=loss, epochs=4)
        accuracy = epochs(events)[-1].val_accuracy
        assert accuracy is not None and accuracy >= 0.8, loss
        trained = epochs(events)[-1].train_accuracy
        assert trained is not None and trained >= 0.8, loss


def _epoch_losses(events: list[TrainingEvent]) -> list[float | None]:
    return [e.train_loss for e in epochs(events)] + [e.val_loss for e in epochs(events)]


@pytest.mark.parametrize(
    ("loss", "design", "same_as"),
    [
        ("NLLLoss", mlp(2, 2, "LogSoftmax"), ("CrossEntropyLoss", mlp(2, 2))),
        ("KLDivLoss", mlp(2, 2, "LogSoftmax"), ("CrossEntropyLoss", mlp(2, 2))),
        ("BCELoss", mlp(2, 1, "Sigmoid"), ("BCEWithLogitsLoss", mlp(2, 1))),
    ],
)
def test_losses_that_torch_says_are_equal_train_alike(
    tmp_path: Path, loss: str, design: dict[str, Any], same_as: tuple[str, dict[str, Any]]
) -> None:
    """log_softmax + NLL is cross-entropy, KL from one-hot is too, and sigmoid + BCE is BCE on logits."""
    ours = _epoch_losses(run(tmp_path, design, loss=loss))
    theirs = _epoch_losses(run(tmp_path, same_as[1], loss=same_as[0]))
    assert ours == pytest.approx(theirs, rel=1e-4)


def test_class_weights_and_label_smoothing_reach_the_loss(tmp_path: Path) -> None:
    plain = _epoch_losses(run(tmp_path, mlp(2, 2)))
    even = _epoch_losses(run(tmp_path, mlp(2, 2), loss_params={"weight": [1, 1]}))
    skewed = _epoch_losses(run(tmp_path, mlp(2, 2), loss_params={"weight": [1, 5]}))
    smooth = _epoch_losses(run(tmp_path, mlp(2, 2), loss_params={"label_smoothing": 0.2}))
    assert even == pytest.approx(plain, rel=1e-6)
    assert skewed != pytest.approx(plain, rel=1e-3)
    assert smooth != pytest.approx(plain, rel=1e-3)


@pytest.mark.parametrize("optimizer", [spec.name for spec in OPTIMIZERS])
def test_each_optimizer_learns(tmp_path: Path, optimizer: str) -> None:
    spec = next(o for o in OPTIMIZERS if o.name == optimizer)
    events = run(tmp_path, mlp(2, 2), optimizer=optimizer, lr=spec.default_lr * 5, epochs=4)
    first, last = epochs(events)[0], epochs(events)[-1]
    assert last.train_loss is not None and first.train_loss is not None
    assert last.train_loss < first.train_loss
    assert last.val_accuracy is not None and last.val_accuracy >= 0.75


def test_sgd_nesterov_and_weight_decay_change_the_run(tmp_path: Path) -> None:
    base = {"optimizer": "SGD", "lr": 0.05}
    plain = _epoch_losses(run(tmp_path, mlp(2, 2), **base))
    nesterov = _epoch_losses(run(tmp_path, mlp(2, 2), **base, optimizer_params={"nesterov": True}))
    decay = _epoch_losses(run(tmp_path, mlp(2, 2), **base, optimizer_params={"weight_decay": 0.1}))
    assert nesterov != plain and decay != plain


def _lrs(events: list[TrainingEvent]) -> list[float]:
    return [e.lr for e in events if isinstance(e, ProgressEvent) and e.lr is not None]


@pytest.mark.parametrize("scheduler", [spec.name for spec in SCHEDULERS])
def test_each_schedule_moves_the_learning_rate(tmp_path: Path, scheduler: str) -> None:
    params = {"ReduceLROnPlateau": {"patience": 0, "threshold": 0.99}, "StepLR": {"step_size": 1}}
    events = run(
        tmp_path, mlp(2, 2), lr=0.1, scheduler=scheduler, scheduler_params=params.get(scheduler, {})
    )
    assert events[-1].type == "end" and events[-1].status == "succeeded"
    epoch_lrs = [e.lr for e in epochs(events)]
    lrs = _lrs(events)
    if scheduler == "StepLR":  # × 0.1 after each epoch
        assert epoch_lrs == pytest.approx([0.1, 0.01, 0.001])
        assert sorted(set(lrs), reverse=True) == pytest.approx([0.1, 0.01, 0.001])
    elif (
        scheduler == "ReduceLROnPlateau"
    ):  # the first epoch sets the best; no later one beats it by 99 %
        assert epoch_lrs == pytest.approx([0.1, 0.1, 0.01])
    elif scheduler == "CosineAnnealingLR":  # per batch, along a half cosine from 0.1 to 0
        per_epoch = events[0].steps_per_epoch  # type: ignore[union-attr]
        total = 3 * per_epoch
        cosine = [0.05 * (1 + math.cos(math.pi * (k * per_epoch - 1) / total)) for k in (1, 2, 3)]
        assert epoch_lrs == pytest.approx(cosine)
        assert all(a >= b for a, b in itertools.pairwise(lrs))
    else:  # OneCycleLR: the same rates as torch's own, warming up to lr and then annealing
        per_epoch = events[0].steps_per_epoch  # type: ignore[union-attr]
        param = torch.nn.Parameter(torch.zeros(1))
        optimizer = torch.optim.Adam([param], lr=0.1)
        oracle = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=0.1, total_steps=3 * per_epoch
        )
        expected = []
        for _ in range(3 * per_epoch):
            expected.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            oracle.step()
        assert epoch_lrs == pytest.approx([expected[k * per_epoch - 1] for k in (1, 2, 3)])
        assert max(expected) == pytest.approx(0.1, rel=1e-3) and expected[0] == pytest.approx(0.004)
        assert all(any(abs(lr - e) < 1e-12 for e in expected) for lr in lrs)
        # Every step's rate, as the frames carry them for the rate chart: torch's, warm-up first.
        frames = [e for e in events if isinstance(e, ProgressEvent)]
        per_step = [lr for f in frames for lr in (f.lrs or [f.lr] * len(f.losses))]
        assert per_step == pytest.approx(expected, rel=1e-12)


def test_clipping_bounds_every_step(tmp_path: Path) -> None:
    """With plain SGD, lr 1 and clipping at 0.01, no step moves the weights more than 0.01."""
    design = mlp(2, 2)
    training = {"optimizer": "SGD", "lr": 1.0, "optimizer_params": {"momentum": 0.0}}
    events = run(tmp_path, design, epochs=1, clip_grad_norm=0.01, **training)
    steps = events[-1].metrics.step  # type: ignore[union-attr]
    torch.manual_seed(0)
    start = build_network(Design.model_validate(design)).state_dict()
    end = load_file(RunFolder(tmp_path).weights)
    moved = torch.cat([(end[k] - start[k]).flatten() for k in start]).norm().item()
    assert 0 < moved <= steps * 0.01 + 1e-6
    unclipped = run(tmp_path, design, epochs=1, **training)
    assert _epoch_losses(unclipped) != _epoch_losses(events)


def test_early_stopping_stops_when_the_validation_loss_stalls(tmp_path: Path) -> None:
    events = run(tmp_path, mlp(2, 2), lr=0.5, epochs=40, early_stopping_patience=2)
    done = epochs(events)
    end = events[-1]
    assert end.type == "end" and end.status == "succeeded"
    assert len(done) < 40
    val = [e.val_loss for e in done]
    best = min(range(len(val)), key=lambda i: val[i])  # type: ignore[arg-type,return-value]
    assert len(done) == best + 1 + 2  # two epochs without a better one, then it stops
    assert end.message == (
        f"Stopped early after epoch {len(done)}: the validation loss has not improved for 2 "
        f"epochs (best {val[best]:.4g} at epoch {best + 1}). The weights kept are epoch "
        f"{best + 1}'s, which had the lowest validation loss."
    )
    # Its last look inside is at the step it stopped at, not from near its start.
    looks = [e for e in events if isinstance(e, InsightEvent)]
    assert looks[-1].step == end.metrics.step == done[-1].step


def test_a_huge_learning_rate_stops_the_run_at_the_step_it_diverges(tmp_path: Path) -> None:
    events = run(tmp_path, mlp(1, 1), dataset="sine", loss="MSELoss", optimizer="SGD", lr=10.0)
    end = events[-1]
    assert end.type == "end" and end.status == "failed" and end.diverged
    match = re.fullmatch(
        r"The loss became (nan|inf) at step (\d+): lower the learning rate, or add normalisation\.",
        end.message or "",
    )
    assert match, end.message
    last = [e for e in events if isinstance(e, ProgressEvent)][-1]
    # The first step of its last frame whose loss was not finite (its mean named the frame's last)
    first = next(i for i, loss in enumerate(last.losses) if loss is None)
    assert last.step - len(last.losses) + 1 + first == int(match.group(2)) and last.loss is None
    assert not math.isfinite(float(match.group(1)))
