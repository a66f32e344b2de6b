"""Warnings that fit what the run went through: gradients all but vanished beside another layer's,
an explosion read before the run's own clipping, gradients gone to infinity or NaN, and ReLUs dead
before a Continue (the cases of a teacher's review, each of which the run was told nothing of, or
told the wrong fix)."""

import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

import torch.nn as nn

from tests.backend.templates import design_json, layer, mlp
from tests.backend.test_insight_warnings import MLP, Trainer, _run, _warnings
from torchcanvas.training.insight_warnings import FADED, WarningEvent, Warnings
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train
from torchcanvas.training.lr_change import LrChange

DIGITS_MLP = mlp([1, 8, 8], 10)  # Flatten, fc1 64, act1, fc2 64, act2, out


def _sigmoid_stack(depth: int) -> dict[str, Any]:
    """Flatten, `depth` × (Linear 32, Sigmoid), Linear 10: on the digits."""
    layers = [layer("flat", "Flatten")]
    for i in range(1, depth + 1):
        layers += [layer(f"fc{i}", "Linear", out_features=32), layer(f"act{i}", "Sigmoid")]
    return design_json("sigmoids", [*layers, layer("out", "Linear", out_features=10)])


def test_a_five_deep_sigmoid_stack_is_told_its_first_layers_all_but_vanished() -> None:
    """SGD at 0.01: fc1's gradients per weight some 25,000 times smaller than out's, above the
    absolute 1e-6, and it learnt nothing; it was told to raise the learning rate (a review)."""
    training = {"dataset": "digits", "optimizer": "SGD", "lr": 0.01, "epochs": 1,
                "batch_size": 64}  # fmt: skip
    warned = [w for w in _warnings(_run(_sigmoid_stack(5), training)) if w.kind == "vanishing"]
    assert [w.layer for w in warned] == ["fc1", "fc2"]
    assert warned[0].step == 2  # the first look: there from the start
    assert warned[0].message.startswith("Gradients in `fc1` have all but vanished (")
    assert warned[0].message.endswith(
        " times smaller per weight than in `out`): `fc1` itself barely learns. Try ReLU in place "
        "of the 5 Sigmoid layers `act1` … `act5`, add BatchNorm, or raise the learning rate."
    )
    # The run page's verdict quotes the advice alone; the rate is not what is wrong.
    assert warned[0].fix == (
        "Try ReLU in place of the 5 Sigmoid layers `act1` … `act5`, add BatchNorm, or raise the "
        "learning rate."
    )
    assert warned[0].cause is None


def test_a_layer_is_compared_per_weight_with_the_layers_after_it() -> None:
    """Per weight: a layer of 10⁸ weights has 1,000 times the norm of one of 100 for its size
    alone. Only layers after it (vanishing is on the way back), and of 64 weights or more (a
    PReLU's one weight sums its gradient over every unit)."""
    model = nn.Sequential(OrderedDict((n, nn.Linear(4, 4)) for n in ("a", "b", "c")))
    warnings = Warnings(model, ["a", "b", "c"], sizes={"a": 100, "b": 10**8, "c": 100})
    assert warnings.vanishing(5, {"a": 1e-3, "b": 1.0, "c": 1.0}) == []  # 1,000 times: within
    warnings = Warnings(model, ["a", "b", "c"], sizes={"a": 100, "b": 100, "c": 100})
    [said] = warnings.vanishing(5, {"a": FADED / 4, "b": 1.0, "c": FADED / 4})
    assert said.layer == "a" and said.message.startswith(
        "Gradients in `a` have all but vanished (8,000 times smaller per weight than in `b`)"
    )  # and not `c`, smaller than the layers before it
    warnings = Warnings(model, ["a", "b", "c"], sizes={"a": 100, "b": 1, "c": 100})
    assert warnings.vanishing(5, {"a": 1e-3, "b": 10.0, "c": 1e-3}) == []


def test_an_explosion_under_clipping_says_the_rate_not_to_clip() -> None:
    """Adam at rate 1 with clipping at 1: the norms are read before the clipping, which the run
    has already; it was told to turn clipping on (a review)."""
    training = {"dataset": "digits", "optimizer": "Adam", "lr": 1.0, "epochs": 1,
                "batch_size": 64, "clip_grad_norm": 1.0}  # fmt: skip
    exploding = [w for w in _warnings(_run(DIGITS_MLP, training)) if w.kind == "exploding"]
    assert exploding, "no explosion said"
    for warning in exploding:
        assert ", before clipping to 1): the clipping holds each step back, but the learning " in (
            warning.message
        )
        assert warning.message.endswith("rate is too high: lower it.")
        assert "turn on gradient clipping" not in warning.message
        assert warning.cause == "rate_too_high"  # what the run page's verdict reads


def test_gradients_gone_to_infinity_are_said_as_they_go() -> None:
    """SGD at rate 1 on the diabetes table: the loss goes to infinity, and the frames' gradient
    norms with it (JSON carries them as null); nothing said so (a review). Frames come by the
    clock: on a busy machine one may catch the climb's last finite norms first, and the warning
    then says those (the message of the null ones: the test below)."""
    design = mlp([10], 1)
    training = {"dataset": "diabetes", "loss": "MSELoss", "optimizer": "SGD", "lr": 1.0,
                "epochs": 15, "batch_size": 32}  # fmt: skip
    events = _run(design, training)
    gone = next(e for e in events if e.type == "progress" and e.grad_norms["fc1"] is None)
    warned = {w.layer: w for w in _warnings(events) if w.kind == "exploding"}
    assert set(warned) == {"fc1", "fc2", "out"}
    assert warned["fc1"].step <= gone.step
    assert warned["fc1"].message == _gone("fc1") or warned["fc1"].message.startswith(
        "Gradients in `fc1` are exploding (norm "
    )
    # Those that are no numbers name the step the run's end names.
    end = events[-1]
    match = re.search(r"at step (\d+): ", end.message or "")
    assert end.type == "end" and match, end
    for warning in warned.values():
        if warning.message == _gone(warning.layer):
            assert warning.step == int(match[1]), (warning, end.message)


def test_gradients_that_are_no_numbers_are_said_at_the_step_whose_loss_was_none() -> None:
    """A frame whose losses went bad part way: its gradients that are no numbers are said at the
    step whose loss first was none, as the run's end names it, not at the frame's last step (a
    run's page said "step 40" beside an end at step 37); finite ones at the frame's step."""
    trainer = Trainer(MLP)
    trainer.train(1)  # fc1 and fc2 have gradients now
    said = trainer.watch.frame_seen(40, None, {"fc1": None, "fc2": 5e4}, diverged_at=37)
    assert [(w.layer, w.step) for w in said] == [("fc1", 37), ("fc2", 40)]
    assert said[0].message == _gone("fc1")


def _gone(layer_name: str) -> str:
    return (
        f"Gradients in `{layer_name}` are no longer numbers (infinite or NaN), nor will the "
        "weights they update be: lower the learning rate (a tenth, say) and train again, or turn "
        "on gradient clipping."
    )


def test_a_layer_with_no_gradients_is_not_said_to_explode() -> None:
    """A frame's null norm is a layer's infinite or NaN one only where the layer has gradients:
    before the first backward pass none has."""
    trainer = Trainer(MLP)
    said: list[WarningEvent] = trainer.watch.frame_seen(1, 1.0, {"fc1": None, "fc2": 0.5})
    assert said == []
    trainer.train(1)  # fc1 and fc2 have gradients now
    [warning] = trainer.watch.frame_seen(2, None, {"fc1": None, "fc2": 0.5})
    assert warning.layer == "fc1" and warning.message == _gone("fc1")


def _train_part(folder: Path, epochs: int, **job: Any) -> list[Any]:
    events: list[Any] = []
    training = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 1.0,
                "epochs": epochs, "batch_size": 64, "seed": 0}  # fmt: skip
    run = TrainingJob(design=DIGITS_MLP, training=training, folder=folder, **job)
    train(run, events.append, lambda: False)
    return events


def test_relus_dead_before_a_continue_are_not_blamed_on_its_lowered_rate(tmp_path: Path) -> None:
    """Adam at rate 1 kills the ReLUs; a Continue at 0.001 finds them dead at its first look, and
    was told the rate is too high, to lower it (a review): it says no rate brings them back."""
    first = _train_part(tmp_path, 4)
    assert {w.layer for w in _warnings(first) if w.kind == "dead_relu"} == {"act1", "act2"}
    steps = max(e.step for e in first if e.type == "progress")
    lowered = [LrChange(epoch=5, step=steps, lr=0.001)]
    more = _warnings(_train_part(tmp_path, 5, resume=True, lr_changes=lowered))
    dead = [w for w in more if w.kind == "dead_relu"]
    assert [w.layer for w in dead] == ["act1", "act2"]
    for warning in dead:
        assert warning.message.endswith(
            "They died before this part of the run began, and no rate brings them back: train a "
            "new run, with a lower learning rate from the start, or use LeakyReLU."
        )
        assert warning.cause == "died_before"  # what the run page's verdict reads
    vanished = [w for w in more if w.kind == "vanishing"]
    assert vanished and all(
        "after ReLUs `act1`, `act2` died, before this part of the run began: " in w.message
        and w.message.endswith("Train a new run, with a lower learning rate from the start.")
        for w in vanished
    ), [w.message for w in vanished]
    assert {w.cause for w in vanished} == {"died_before"}
    assert not any("learning rate is too high" in w.message for w in more)
    assert all(w.cause != "rate_too_high" for w in more)
    assert all(w.cause is None for w in _warnings(first) if w.kind == "dead_relu")
