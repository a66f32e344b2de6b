"""Looks inside training: histograms, update ratios, dead ReLUs and warnings, checked by hand."""

import tempfile
from typing import Any

import torch

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.insight import BINS, InsightEvent
from torchcanvas.training.insight_warnings import WarningEvent
from torchcanvas.training.insight_watch import (
    INSIGHT_EVERY,
    INSIGHT_SECONDS,
    LOOK_SHARE,
    MIN_SAMPLES,
    Watch,
)
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train

MLP = {
    "input_shape": [4],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 3}},
    ],
}


def _setup(
    scale: float = 1.0, seconds: float = 0.0
) -> tuple[torch.nn.Module, Watch, torch.optim.Optimizer]:
    """A network and its watch; by default paced by frames alone, as if each frame came late."""
    torch.manual_seed(0)
    model = build_network(Design.model_validate(MLP))
    layers = [(name, list(m.parameters())) for name, m in model.named_children()]
    watch = Watch(model, [(name, params) for name, params in layers if params], seconds, share=0)
    return model, watch, torch.optim.SGD(model.parameters(), lr=0.1 * scale)


def _step(
    model: torch.nn.Module, watch: Watch, optimizer: torch.optim.Optimizer, scale: float = 1.0
) -> list[Any]:
    x = torch.randn(MIN_SAMPLES, 4)  # a batch big enough to look at on its own
    loss = model(x).square().mean() * scale
    optimizer.zero_grad()
    loss.backward()
    watch.frame_done()
    looking = watch.looking  # as the session calls the watch: only on steps it has work on
    if looking:
        watch.before_step(len(x))
    optimizer.step()
    return watch.after_step(1, 0, loss.detach()) if looking else []


def test_a_look_matches_the_tensors_by_hand() -> None:
    model, watch, optimizer = _setup()
    assert _step(model, watch, optimizer) == []  # the first frame arms the look at the next step
    with torch.no_grad():  # some units dead on this batch: each gives 0 for all its samples
        model.get_parameter("fc1.bias")[:3] = -100.0
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    torch.manual_seed(5)
    x = torch.randn(MIN_SAMPLES, 4)
    hidden = torch.relu(model.fc1(x))  # what the ReLU gives on this step, (64, 8), unwatched
    dead_by_hand = (hidden.amax(dim=0) <= 0).float().mean().item()
    assert dead_by_hand == 3 / 8 and (hidden <= 0).float().mean() > 3 / 8  # sparse, not dead
    torch.manual_seed(5)
    events = _step(model, watch, optimizer)
    look = events[0]
    assert isinstance(look, InsightEvent)
    assert abs(look.dead["act"] - dead_by_hand) < 1e-6 and look.dead_samples == MIN_SAMPLES
    for layer in ("fc1", "fc2"):
        weights = torch.cat([model.get_parameter(f"{layer}.weight").detach().view(-1),
                             model.get_parameter(f"{layer}.bias").detach().view(-1)])  # fmt: skip
        old = torch.cat([before[f"{layer}.weight"].view(-1), before[f"{layer}.bias"].view(-1)])
        seen = look.layers[layer]
        assert sum(seen.weights.counts) == weights.numel() and len(seen.weights.counts) == BINS
        assert abs(seen.weights.min - weights.min().item()) < 1e-6
        assert abs(seen.weights.max - weights.max().item()) < 1e-6
        ratio = ((weights - old).norm() / old.norm()).item()
        assert seen.update_ratio is not None and abs(seen.update_ratio - ratio) < 1e-5
        assert seen.grads is not None and sum(seen.grads.counts) == weights.numel()
    # the next look comes INSIGHT_EVERY frames later
    assert [bool(_step(model, watch, optimizer)) for _ in range(INSIGHT_EVERY)] == [False] * (
        INSIGHT_EVERY - 1
    ) + [True]


def test_looks_wait_their_seconds_however_fast_frames_come() -> None:
    model, watch, optimizer = _setup(seconds=3600.0)
    looked = [bool(_step(model, watch, optimizer)) for _ in range(3 * INSIGHT_EVERY)]
    assert looked.count(True) == 1 and looked[1]  # the first frame's look, and no other
    watch.seconds = 0.0  # as if the hour had passed: the frames it held back make the next due
    assert [bool(_step(model, watch, optimizer)) for _ in range(2)] == [False, True]


def test_a_long_look_keeps_the_next_away_for_a_hundred_times_as_long() -> None:
    model, watch, optimizer = _setup()
    watch.share = LOOK_SHARE
    assert _step(model, watch, optimizer) == [] and _step(model, watch, optimizer)
    assert watch.look_seconds > 0  # what this look took, read from the clock
    watch.look_seconds = 36.0  # as if it had taken 36 s: the next waits an hour
    assert not any(_step(model, watch, optimizer) for _ in range(3 * INSIGHT_EVERY))


def _looks(
    model: torch.nn.Module,
    watch: Watch,
    optimizer: torch.optim.Optimizer,
    count: int,
    scale: float = 1.0,
) -> list[Any]:
    events: list[Any] = []
    for _ in range(count * INSIGHT_EVERY):
        events += _step(model, watch, optimizer, scale)
    return [e for e in events if isinstance(e, WarningEvent)]


def test_a_dead_relu_and_vanished_gradients_are_said_once() -> None:
    model, watch, optimizer = _setup()
    with torch.no_grad():
        model.get_parameter("fc1.bias").fill_(-100.0)  # every pre-activation is far below zero
    warnings = _looks(model, watch, optimizer, 4)
    assert [(w.kind, w.layer) for w in warnings] == [("dead_relu", "act"), ("vanishing", "fc1")]
    assert warnings[0].message == (
        "ReLU `act` is mostly dead: 100% of its units gave 0 for every sample looked at, so they "
        "pass no gradient back and stop learning. Lower the learning rate, or use LeakyReLU."
    )
    assert warnings[1].message == (  # the ReLU died: of too high a rate, most likely
        "Gradients in `fc1` have vanished (norm 0.0e+00) after ReLU `act` died: `fc1` itself "
        "barely learns. The learning rate is too high: lower it (a tenth, say) and train again."
    )


def test_a_network_that_fits_its_data_is_not_said_to_have_vanishing_gradients() -> None:
    """A loss near zero (a spiral learnt to 100 %) gives small gradients in every layer: the fit,
    not a fault to fix by changing the activations."""
    model, watch, optimizer = _setup()
    assert _looks(model, watch, optimizer, 2, scale=1e-12) == []  # loss about 1e-13
    # The same gradients with a loss left to learn are said to have vanished.
    with torch.no_grad():
        model.get_parameter("fc1.bias").fill_(-100.0)  # fc1 passes no gradient back
    warnings = _looks(model, watch, optimizer, 2)
    assert ("vanishing", "fc1") in [(w.kind, w.layer) for w in warnings]


def test_a_relu_whose_units_each_fire_for_some_samples_is_not_said_to_be_dead() -> None:
    """Most of its outputs are 0, yet every unit passes gradient back from the samples it fires
    on: sparse, as a trained ReLU layer is, not dead."""
    model, watch, optimizer = _setup()
    with torch.no_grad():  # each unit fires only where its input's first feature is high
        model.get_parameter("fc1.weight").zero_()
        model.get_parameter("fc1.weight")[:, 0] = 1.0
        model.get_parameter("fc1.bias").fill_(-2.0)  # about 2 % of N(0, 1) samples are above 2
    torch.manual_seed(1)
    looks, zeros = [], []
    for _ in range(2 * INSIGHT_EVERY):
        batch = torch.randn(16, 4)
        batch[0, 0] = 3.0  # at least one sample of each batch fires every unit
        zeros.append((model.act(model.fc1(batch)) <= 0).float().mean().item())
        loss = model(batch).square().mean()
        optimizer.zero_grad()
        loss.backward()
        watch.frame_done()
        looking = watch.looking
        if looking:
            watch.before_step(len(batch))
        optimizer.step()
        looks += watch.after_step(1, 0, loss.detach()) if looking else []
    assert sum(zeros) / len(zeros) > 0.85  # most outputs are 0
    seen = [look.dead["act"] for look in looks if isinstance(look, InsightEvent)]
    assert seen and all(share == 0.0 for share in seen)
    assert not [w for w in looks if isinstance(w, WarningEvent) and w.kind == "dead_relu"]


def test_a_network_that_fits_its_data_is_not_told_its_relus_are_dead() -> None:
    """Dead units in a network whose loss is near 0 cost it nothing: no advice to change it."""
    model, watch, optimizer = _setup()
    with torch.no_grad():
        model.get_parameter("fc1.bias").fill_(-100.0)
    assert _looks(model, watch, optimizer, 2, scale=1e-12) == []
    assert ("dead_relu", "act") in [(w.kind, w.layer) for w in _looks(model, watch, optimizer, 2)]


def test_exploding_gradients_are_said() -> None:
    model, watch, optimizer = _setup(scale=1e-12)
    warnings = _looks(model, watch, optimizer, 2, scale=1e8)
    assert {w.kind for w in warnings} == {"exploding"}
    assert warnings[0].message.endswith("lower the learning rate, or turn on gradient clipping.")


def test_a_real_run_streams_looks_inside() -> None:
    events: list[Any] = []
    training = {**DIGITS_TRAINING, "epochs": 2, "batch_size": 4}
    with tempfile.TemporaryDirectory() as folder:
        train(
            TrainingJob(design=DIGITS_CNN, training=training, folder=folder),
            events.append,
            lambda: False,
        )
    looks = [e for e in events if isinstance(e, InsightEvent)]
    frames = [e for e in events if e.type == "progress"]
    seconds = frames[-1].elapsed
    # The first frame's look and one at the run's last step, which shows the trained network;
    # between them at most one per INSIGHT_SECONDS, and one per INSIGHT_EVERY // 2 frames.
    paced = min(seconds / INSIGHT_SECONDS, len(frames) / (INSIGHT_EVERY // 2))
    assert 2 <= len(looks) <= 2 + paced
    assert looks[-1].step == frames[-1].step == 2 * 359  # 1437 samples: 359 batches of 4, and 1
    assert set(looks[0].layers) == {"conv1", "fc"} and set(looks[0].dead) == {"act1"}
    assert sum(looks[0].layers["conv1"].weights.counts) == 16 * 9 + 16


def test_the_pages_count_of_a_looks_samples_is_the_servers() -> None:
    """The dead-ReLU line says a look near a run's end took fewer samples than MIN_SAMPLES."""
    from pathlib import Path

    from torchcanvas.training.insight_watch import MIN_SAMPLES

    page = Path(__file__).parents[2] / "frontend/src/training/insight/Histograms.tsx"
    assert f"export const LOOK_SAMPLES = {MIN_SAMPLES};" in page.read_text()
