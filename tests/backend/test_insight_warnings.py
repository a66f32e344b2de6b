"""Training's warnings: said when they should be, with advice that fits the network and the run."""

import tempfile
from collections import OrderedDict
from typing import Any

import torch
import torch.nn as nn

from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.training.frames import progress_frame
from torchcanvas.training.insight import InsightEvent
from torchcanvas.training.insight_warnings import EXPLODING, MOSTLY_DEAD, WarningEvent, Warnings
from torchcanvas.training.insight_watch import INSIGHT_EVERY, MIN_SAMPLES, Watch
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train


def _stack(*layers: tuple[str, str, int | None]) -> dict[str, Any]:
    """A design on 4 features of (id, type, out_features) layers."""
    return {
        "input_shape": [4],
        "layers": [
            {"id": id_, "type": kind, **({"params": {"out_features": out}} if out else {})}
            for id_, kind, out in layers
        ],
    }


MLP = _stack(("fc1", "Linear", 8), ("act", "ReLU", None), ("fc2", "Linear", 3))


class Trainer:
    """A real network, optimizer and watch, driven step by step as the session drives them,
    with a progress frame after every step; looks every INSIGHT_EVERY frames."""

    def __init__(self, design: dict[str, Any], lr: float = 0.1) -> None:
        torch.manual_seed(0)
        self.model = build_network(Design.model_validate(design))
        named = [(name, list(m.parameters())) for name, m in self.model.named_children()]
        self.layers = [(name, params) for name, params in named if params]
        self.watch = Watch(self.model, self.layers, seconds=0.0, share=0)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=lr)
        self.step = 0

    def train(self, steps: int, batch: int = MIN_SAMPLES, scale: float = 1.0) -> list[Any]:
        """Trains `steps` steps on random batches; returns the frames, looks and warnings."""
        events: list[Any] = []
        for _ in range(steps):
            self.step += 1
            loss = self.model(torch.randn(batch, 4)).square().mean() * scale
            self.optimizer.zero_grad()
            loss.backward()
            frame, _ = progress_frame(
                self.layers, loss.detach(), loss.detach().view(1), epoch=1, step=self.step,
                total_steps=1000, elapsed=1.0, samples_per_second=1.0, lr=0.1,
            )  # fmt: skip
            events += [frame, *self.watch.frame_seen(frame.step, frame.loss, frame.grad_norms)]
            self.watch.frame_done()
            looking = self.watch.looking
            if looking:
                self.watch.before_step(batch)
            self.optimizer.step()
            events += self.watch.after_step(1, self.step, loss.detach()) if looking else []
        return events


MOONS_MLP = {
    "version": 1,
    "name": "moons-mlp",
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 64}},
        {"id": "act1", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 64}},
        {"id": "act2", "type": "ReLU"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 2}},
    ],
}


def _run(design: dict[str, Any], training: dict[str, Any]) -> list[Any]:
    """A real run's events, trained by the training loop as a worker trains it."""
    events: list[Any] = []
    training = {"loss": "CrossEntropyLoss", "seed": 0, **training}
    with tempfile.TemporaryDirectory() as folder:
        train(TrainingJob(design=design, training=training, folder=folder), events.append,
              lambda: False)  # fmt: skip
    return events


def _warnings(events: list[Any]) -> list[WarningEvent]:
    return [e for e in events if isinstance(e, WarningEvent)]


def test_gradients_that_explode_between_two_looks_are_said_from_the_frames() -> None:
    """The looks, at steps 2 and 12, see healthy gradients; the frames of steps 4 to 6 see them
    blow up, and say so at once, once a layer."""
    trainer = Trainer(MLP, lr=1e-9)  # steps too small to harm the weights
    events = trainer.train(3) + trainer.train(3, scale=1e8) + trainer.train(10)
    looks = [e.step for e in events if isinstance(e, InsightEvent)]
    assert looks == [2, 12]
    assert [(w.step, w.kind, w.layer) for w in _warnings(events)] == [
        (4, "exploding", "fc1"),
        (4, "exploding", "fc2"),
    ]
    frame = next(e for e in events if e.type == "progress" and e.step == 4)
    assert frame.grad_norms["fc1"] > EXPLODING
    assert _warnings(events)[0].message == (
        f"Gradients in `fc1` are exploding (norm {frame.grad_norms['fc1']:.1e}): lower the "
        "learning rate, or turn on gradient clipping."
    )


def test_vanished_gradients_name_the_tanh_layers_after_them() -> None:
    design = _stack(
        ("fc1", "Linear", 8), ("t1", "Tanh", None), ("fc2", "Linear", 8), ("t2", "Tanh", None),
        ("fc3", "Linear", 3),
    )  # fmt: skip
    trainer = Trainer(design)
    with torch.no_grad():  # fc2's outputs near ±1000: t2 is flat, and passes nothing back
        trainer.model.get_parameter("fc2.bias").copy_(torch.tensor([1000.0, -1000.0] * 4))
    warnings = _warnings(trainer.train(2 * INSIGHT_EVERY))
    assert [w.message for w in warnings] == [
        "Gradients in `fc1` have vanished (norm 0.0e+00): `fc1` itself barely learns. Try ReLU "
        "in place of Tanh `t1` and Tanh `t2`, add BatchNorm, or raise the learning rate.",
        "Gradients in `fc2` have vanished (norm 0.0e+00): it and the layers before it barely "
        "learn. Try ReLU in place of Tanh `t2`, add BatchNorm, or raise the learning rate.",
    ]


def test_vanished_gradients_in_a_network_with_no_sigmoid_or_tanh_do_not_name_them() -> None:
    design = _stack(("fc1", "Linear", 8), ("fc2", "Linear", 8), ("fc3", "Linear", 3))
    trainer = Trainer(design, lr=1e-9)
    with torch.no_grad():  # fc2 passes next to nothing back to fc1
        trainer.model.get_parameter("fc2.weight").zero_()
    warnings = _warnings(trainer.train(2 * INSIGHT_EVERY))
    assert [w.layer for w in warnings] == ["fc1"]
    assert warnings[0].message.startswith("Gradients in `fc1` have vanished (norm ")
    assert warnings[0].message.endswith(
        "): `fc1` itself barely learns. Add BatchNorm, or raise the learning rate."
    )


def test_gradients_that_vanish_after_exploding_say_to_lower_the_rate() -> None:
    design = _stack(("fc1", "Linear", 8), ("fc2", "Linear", 8), ("fc3", "Linear", 3))
    trainer = Trainer(design, lr=1e-9)
    events = trainer.train(3, scale=1e8)  # gradients blow up at once
    with torch.no_grad():  # then die
        trainer.model.get_parameter("fc2.weight").zero_()
    events += trainer.train(2 * INSIGHT_EVERY)
    vanished = [w for w in _warnings(events) if w.kind == "vanishing"]
    assert [w.layer for w in vanished] == ["fc1"]
    assert vanished[0].message.startswith("Gradients in `fc1` have vanished (norm ")
    assert ") after exploding (norm up to " in vanished[0].message
    assert vanished[0].message.endswith(
        ": `fc1` itself barely learns. The learning rate is too high: lower it (a tenth, say) "
        "and train again."
    )
    assert "raise" not in vanished[0].message and "Sigmoid" not in vanished[0].message
    assert vanished[0].cause == "rate_too_high"  # what the run page's verdict reads
    assert vanished[0].fix == "Lower the learning rate (a tenth, say) and train again."


def test_a_healthy_relu_at_batch_size_1_is_watched_over_enough_samples_to_judge() -> None:
    """One sample is a whole batch, and a healthy ReLU gives 0 in about half its units for it:
    a look judges the units over the last MIN_SAMPLES samples."""
    trainer = Trainer(MLP, lr=0.01)
    events = trainer.train(3 * MIN_SAMPLES, batch=1)
    looks = [e for e in events if isinstance(e, InsightEvent)]
    assert all(look.dead["act"] < 0.25 for look in looks), [look.dead for look in looks]
    assert len(looks) >= 2 and all(look.dead_samples == MIN_SAMPLES for look in looks)
    assert not [w for w in _warnings(events) if w.kind == "dead_relu"]


def test_a_run_at_batch_size_1_is_not_told_its_relus_are_dead() -> None:
    """A healthy run at batch size 1 (the reviewer's was told "92% of its units gave 0")."""
    training = {"dataset": "moons", "dataset_options": {"train_share": 90}, "optimizer": "SGD",
                "lr": 0.01, "epochs": 1, "batch_size": 1}  # fmt: skip
    events = _run(MOONS_MLP, training)
    *paced, last = [e for e in events if isinstance(e, InsightEvent)]
    assert paced and all(look.dead_samples == MIN_SAMPLES for look in paced)
    # Healthy: at lr 0.1 this run collapsed by its end (every act2 unit silent, 50 % accuracy),
    # and a time-paced look that landed late, on a loaded machine, saw it (CI).
    assert [e for e in events if e.type == "epoch"][-1].val_accuracy >= 0.8
    # Counted over one sample, about half of a healthy ReLU's units give 0: that read as dead.
    # Over MIN_SAMPLES, fewer; which steps the time-paced looks land on varies with the machine's
    # load, so the bound is the warning's.
    for look in paced:
        assert look.dead["act1"] < MOSTLY_DEAD and look.dead["act2"] < MOSTLY_DEAD, look.dead
    assert last.step == 540 and last.dead_samples >= 1  # as many as gathered by the run's end
    assert not _warnings(events)


def test_a_run_warns_of_each_frame_whose_gradients_explode_and_then_says_lower_the_rate() -> None:
    """SGD at rate 10 on moons: the gradients blow up, then the ReLUs die and they vanish."""
    training = {"dataset": "moons", "optimizer": "SGD", "lr": 10.0, "epochs": 3, "batch_size": 16}
    events = _run(MOONS_MLP, training)
    warned = {(w.kind, w.layer): w.step for w in _warnings(events)}
    for frame in (e for e in events if e.type == "progress"):
        for layer, norm in frame.grad_norms.items():
            if norm is not None and norm > EXPLODING:
                assert warned.get(("exploding", layer), frame.step + 1) <= frame.step, frame
    for warning in _warnings(events):  # gradients that vanish here died of the rate
        if warning.kind == "vanishing":
            assert "The learning rate is too high: lower it" in warning.message, warning


def test_a_deep_sigmoid_stack_is_counted_in_the_advice_not_listed() -> None:
    layers: OrderedDict[str, nn.Module] = OrderedDict()
    for i in range(6):
        layers[f"fc{i}"] = nn.Linear(4, 4)
        layers[f"sig{i}"] = nn.Sigmoid()
    warnings = Warnings(nn.Sequential(layers), [f"fc{i}" for i in range(6)])
    [first, second] = warnings.vanishing(18, {"fc0": 8.2e-14, "fc4": 1e-9})
    assert first.message == (
        "Gradients in `fc0` have vanished (norm 8.2e-14): `fc0` itself barely learns. Try ReLU in "
        "place of the 6 Sigmoid layers `sig0` … `sig5`, add BatchNorm, or raise the learning rate."
    )
    assert "in place of Sigmoid `sig4` and Sigmoid `sig5`," in second.message  # few: by name


def test_a_loss_that_blew_up_is_said_at_its_highest_step_as_the_loss_chart_shows_it() -> None:
    """The frames' mean losses made "blew up (from 2.29 to 31.1)" beside a loss chart that said
    43.1 at step 8 (a new user's run): each step's loss is watched, and its peak named."""
    design = _stack(("fc1", "Linear", 8), ("fc2", "Linear", 8), ("fc3", "Linear", 3))
    trainer = Trainer(design, lr=1e-9)
    trainer.watch.frame_seen(10, 15.0, {}, losses=[2.3, 2.2, 43.1, 12.0])  # steps 7 to 10
    trainer.step = 10
    with torch.no_grad():  # its gradients die
        trainer.model.get_parameter("fc2.weight").zero_()
    events = trainer.train(2 * INSIGHT_EVERY)
    [vanished] = [w for w in _warnings(events) if w.kind == "vanishing"]
    assert "after the loss blew up (from 2.3 to 43.1 at step 9)" in vanished.message, vanished
