"""A learning rate far too high, as a learner tries it (the MLP template on the digits at lr 5):
the gradient norms that a look inside warns of are on the chart at their step (a progress frame
ends at each step looked at), and the run's last look watched enough samples to say its ReLUs
died (it watched the last batch alone, 29 samples, and said nothing)."""

import pytest
import torch

from tests.backend.conftest import DIGITS_MLP_TEMPLATE
from torchcanvas.training.events import ProgressEvent, TrainingEvent
from torchcanvas.training.insight import InsightEvent
from torchcanvas.training.insight_warnings import EXPLODING, WarningEvent
from torchcanvas.training.insight_watch import MIN_SAMPLES
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train

torch.set_num_threads(1)

TOO_HIGH = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 5.0}
TOO_HIGH |= {"epochs": 5, "batch_size": 32, "seed": 0}


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> list[TrainingEvent]:
    said: list[TrainingEvent] = []
    folder = tmp_path_factory.mktemp("too-high")
    train(
        TrainingJob(design=DIGITS_MLP_TEMPLATE, training=TOO_HIGH, folder=folder),
        said.append,
        lambda: False,
    )
    return said


def _warnings(events: list[TrainingEvent], kind: str) -> list[WarningEvent]:
    return [e for e in events if isinstance(e, WarningEvent) and e.kind == kind]


def test_each_look_ends_a_frame_so_an_explosion_it_warns_of_is_drawn(
    events: list[TrainingEvent],
) -> None:
    frames = {e.step: e for e in events if isinstance(e, ProgressEvent)}
    looks = [e for e in events if isinstance(e, InsightEvent)]
    assert looks and all(look.step in frames for look in looks)
    (exploding, *_) = _warnings(events, "exploding")
    frame = frames[exploding.step]
    assert frame.grad_norms[exploding.layer] is not None
    assert frame.grad_norms[exploding.layer] > EXPLODING  # type: ignore[operator]


def test_the_last_look_watched_enough_samples_to_say_the_relus_died(
    events: list[TrainingEvent],
) -> None:
    last = [e for e in events if isinstance(e, InsightEvent)][-1]
    assert last.step == max(e.step for e in events if isinstance(e, ProgressEvent))
    assert last.dead_samples >= MIN_SAMPLES
    dead = _warnings(events, "dead_relu")
    assert {w.layer for w in dead} & {"act1", "act2"}, [e.message for e in dead]


def test_a_vanishing_warning_names_the_layer_whose_norm_it_quotes(
    events: list[TrainingEvent],
) -> None:
    """It quoted the highest norm of any layer as the vanished layer's own (a review)."""
    frames = [e for e in events if isinstance(e, ProgressEvent)]
    peaks = {
        layer: max(f.grad_norms.get(layer) or 0.0 for f in frames)
        for layer in frames[-1].grad_norms
    }
    quoted = [w.message for w in _warnings(events, "vanishing") if "norm up to" in w.message]
    assert quoted, [w.message for w in events if isinstance(w, WarningEvent)]
    top = max(peaks, key=lambda layer: peaks[layer])
    assert all(f"norm up to {peaks[top]:.1e}, in `{top}`" in message for message in quoted)
