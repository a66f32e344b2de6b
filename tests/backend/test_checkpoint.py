"""Checkpoints: exact round trips, one file at a time, and the files a killed writer leaves."""

import json
from pathlib import Path

import pytest
import torch
import torch.nn as nn
from safetensors.torch import save_file

from torchcanvas.training.checkpoint import (
    Position,
    drop_checkpoints_past,
    latest_checkpoint,
    load_checkpoint,
    read_position,
    usable_checkpoint,
)
from torchcanvas.training.checkpoint_writer import CheckpointWriter
from torchcanvas.training.run_folder import RunFolder


def _trained() -> tuple[nn.Module, torch.optim.Optimizer, torch.Generator]:
    """A small network with float and int64 state (BatchNorm), after two Adam steps."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(4 * 6 * 6, 3)
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(2):
        loss = model(torch.randn(5, 1, 8, 8)).square().mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model, optimizer, torch.Generator().manual_seed(7)


def _save(folder: Path, epoch: int = 2) -> tuple[nn.Module, torch.optim.Optimizer]:
    model, optimizer, shuffle = _trained()
    position = Position(epoch=epoch, batch=0, step=10, elapsed=1.5, metrics={"epoch": 1})
    CheckpointWriter(RunFolder(folder)).save(
        position, model, optimizer, {"last_epoch": 3}, shuffle.get_state()
    )
    return model, optimizer


def test_a_checkpoint_keeps_every_random_generator_state(tmp_path: Path) -> None:
    """The shuffling generator, torch's CPU generator and, where there is one, the GPU's."""
    model, optimizer, shuffle = _trained()
    torch.randperm(10, generator=shuffle)  # each state moved on from its seed
    torch.rand(3)
    if torch.cuda.is_available():
        torch.rand(3, device="cuda")  # initialises CUDA; its generator moves on
    states = (shuffle.get_state(), torch.get_rng_state())
    cuda = torch.cuda.get_rng_state() if torch.cuda.is_available() else None
    writer = CheckpointWriter(RunFolder(tmp_path))
    writer.save(Position(2, 3, 13, 0.0), model, optimizer, {}, states[0])
    torch.rand(3)  # what the loop draws after a checkpoint must not change the saved state

    saved = load_checkpoint(str(tmp_path))
    assert torch.equal(saved.shuffle, states[0])
    assert not torch.equal(saved.shuffle, torch.Generator().manual_seed(7).get_state())
    assert torch.equal(saved.torch_rng, states[1])
    assert not torch.equal(saved.torch_rng, torch.get_rng_state())
    if cuda is None:
        assert saved.cuda_rng is None
    else:
        assert saved.cuda_rng is not None and torch.equal(saved.cuda_rng, cuda)


def test_a_checkpoint_loads_back_exactly(tmp_path: Path) -> None:
    model, optimizer = _save(tmp_path)
    saved = load_checkpoint(str(tmp_path))

    assert saved.position == Position(epoch=2, batch=0, step=10, elapsed=1.5, metrics={"epoch": 1})
    assert saved.scheduler == {"last_epoch": 3}
    assert saved.model.keys() == model.state_dict().keys()
    for name, tensor in model.state_dict().items():
        assert saved.model[name].dtype == tensor.dtype  # num_batches_tracked stays int64
        assert torch.equal(saved.model[name], tensor), name
    fresh, fresh_optimizer, _ = _trained()
    fresh.load_state_dict(saved.model)
    fresh_optimizer.load_state_dict(saved.optimizer)
    expected = optimizer.state_dict()
    for index, state in fresh_optimizer.state_dict()["state"].items():
        for name, value in state.items():
            assert torch.equal(value, expected["state"][index][name]), (index, name)
    assert torch.equal(saved.shuffle, torch.Generator().manual_seed(7).get_state())


def test_each_checkpoint_keeps_only_the_one_before(tmp_path: Path) -> None:
    model, optimizer, shuffle = _trained()
    writer = CheckpointWriter(RunFolder(tmp_path))
    for epoch in (2, 3, 4):
        position = Position(epoch, 0, epoch * 10, 0.0)
        writer.save(position, model, optimizer, {}, shuffle.get_state())

    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["checkpoint-2.safetensors", "checkpoint-3.safetensors"]
    assert read_position(tmp_path) == Position(4, 0, 40, 0.0)


def test_checkpoints_past_the_epochs_the_server_stored_are_kept(tmp_path: Path) -> None:
    """A pool worker's server says which epochs it has stored: every checkpoint past them stays,
    with the newest one they reach, and the one before the newest always."""
    model, optimizer, shuffle = _trained()
    logged = [-1]  # nothing said yet
    writer = CheckpointWriter(RunFolder(tmp_path), logged=lambda: logged[0])

    def save(finished: int) -> list[str]:
        position = Position(finished + 1, 0, 10 * finished, 1.0, metrics={"epoch": finished})
        writer.save(position, model, optimizer, {}, shuffle.get_state())
        return sorted(p.name.split(".")[0] for p in tmp_path.iterdir())

    assert save(1) == ["checkpoint-1"]
    assert save(2) == ["checkpoint-1", "checkpoint-2"]
    assert save(4) == ["checkpoint-1", "checkpoint-2", "checkpoint-3"]  # none said: all stay
    logged[0] = 2  # the server stored epochs 1 and 2: the first goes
    assert save(6) == ["checkpoint-2", "checkpoint-3", "checkpoint-4"]
    logged[0] = 6  # it has caught up: the newest and the one before
    assert save(7) == ["checkpoint-4", "checkpoint-5"]
    logged[0] = 7
    assert save(8) == ["checkpoint-5", "checkpoint-6"]


def test_after_a_kill_the_newest_whole_checkpoint_is_read_and_the_rest_cleared(
    tmp_path: Path,
) -> None:
    _save(tmp_path, epoch=2)
    first = latest_checkpoint(tmp_path)
    assert first is not None
    # Killed after the rename and before the delete: two whole files; killed while writing: a partial.
    (tmp_path / "checkpoint-2.safetensors").write_bytes(first.read_bytes())
    (tmp_path / "checkpoint-3.safetensors.partial").write_bytes(first.read_bytes()[:100])
    first.rename(tmp_path / "checkpoint-1.safetensors")
    CheckpointWriter(RunFolder(tmp_path))  # a new writer touches nothing until it saves
    assert latest_checkpoint(tmp_path) == tmp_path / "checkpoint-2.safetensors"

    _save(tmp_path, epoch=5)  # number 3 again: the partial is written over, then renamed
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["checkpoint-2.safetensors", "checkpoint-3.safetensors"]
    assert read_position(tmp_path) == Position(5, 0, 10, 1.5, metrics={"epoch": 1})


def test_a_checkpoint_of_the_first_format_still_loads(tmp_path: Path) -> None:
    """Format 1 kept every tensor on its own in checkpoint.safetensors."""
    model, optimizer, shuffle = _trained()
    tensors = {f"model.{k}": v.contiguous() for k, v in model.state_dict().items()}
    opt = optimizer.state_dict()
    for index, state in opt["state"].items():
        for name, value in state.items():
            tensors[f"optimizer.{index}.{name}"] = value
    tensors["rng.shuffle"] = shuffle.get_state()
    tensors["rng.torch"] = torch.get_rng_state()
    state = {
        "position": {"epoch": 3, "batch": 0, "step": 30, "elapsed": 2.0},
        "optimizer": {"param_groups": opt["param_groups"], "state": {}},
        "scheduler": {},
    }
    metadata = {"format": "torchcanvas-checkpoint-1", "state": json.dumps(state)}
    save_file(tensors, str(tmp_path / "checkpoint.safetensors"), metadata=metadata)

    assert read_position(tmp_path) == Position(3, 0, 30, 2.0)
    saved = load_checkpoint(str(tmp_path))
    assert torch.equal(saved.model["3.weight"], model.state_dict()["3.weight"])
    assert torch.equal(saved.optimizer["state"][0]["exp_avg"], opt["state"][0]["exp_avg"])

    _save(tmp_path, epoch=4)  # the run goes on in the new format; the old file is the one before
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["checkpoint-1.safetensors", "checkpoint.safetensors"]
    _save(tmp_path, epoch=5)  # and goes with the next one
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["checkpoint-1.safetensors", "checkpoint-2.safetensors"]


def test_a_file_that_is_not_a_checkpoint_or_is_damaged_is_passed_over(tmp_path: Path) -> None:
    _save(tmp_path, epoch=3)  # checkpoint-1: whole
    (tmp_path / "checkpoint-2.safetensors").write_bytes(b"")  # cut short, as after a power cut
    save_file({"x": torch.zeros(2)}, str(tmp_path / "checkpoint-3.safetensors"))  # someone else's

    assert read_position(tmp_path) == Position(3, 0, 10, 1.5, metrics={"epoch": 1})
    assert load_checkpoint(str(tmp_path)).position.epoch == 3

    (tmp_path / "checkpoint-1.safetensors").unlink()
    assert read_position(tmp_path) is None
    with pytest.raises(
        FileNotFoundError, match=r"has no usable checkpoint: checkpoint-3\.safetensors is not"
    ):
        load_checkpoint(str(tmp_path))
    assert read_position(tmp_path / "missing") is None


def _damage(path: Path) -> None:
    """Zeroes a block in the middle of the file's tensor data, as a bad sector or a lost write."""
    data = bytearray(path.read_bytes())
    middle = len(data) - 200
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))


def test_a_damaged_newest_checkpoint_falls_back_to_the_one_before_saying_so(
    tmp_path: Path,
) -> None:
    model, optimizer, shuffle = _trained()
    writer = CheckpointWriter(RunFolder(tmp_path))
    for epoch in (2, 3):
        writer.save(Position(epoch, 0, epoch * 10, 0.0), model, optimizer, {}, shuffle.get_state())
    _damage(tmp_path / "checkpoint-2.safetensors")

    saved = load_checkpoint(tmp_path)
    assert saved.position == Position(2, 0, 20, 0.0)
    assert saved.skipped == [
        "checkpoint-2.safetensors is damaged: its contents do not match their checksum"
    ]
    usable, problems = usable_checkpoint(tmp_path)
    assert (usable, problems) == (tmp_path / "checkpoint-1.safetensors", saved.skipped)


def test_when_no_checkpoint_is_usable_loading_says_why(tmp_path: Path) -> None:
    _save(tmp_path, epoch=2)
    _damage(tmp_path / "checkpoint-1.safetensors")
    assert usable_checkpoint(tmp_path) == (
        None,
        ["checkpoint-1.safetensors is damaged: its contents do not match their checksum"],
    )
    with pytest.raises(FileNotFoundError, match="has no usable checkpoint: checkpoint-1"):
        load_checkpoint(tmp_path)


def test_checkpoints_past_the_event_log_are_dropped_while_an_older_one_remains(
    tmp_path: Path,
) -> None:
    """A worker killed between writing a checkpoint and sending the epoch events it covers left
    it ahead of the log: Continue goes on from the one before, so no epoch is skipped."""
    model, optimizer, shuffle = _trained()
    folder = RunFolder(tmp_path)
    writer = CheckpointWriter(folder)
    for finished in (3, 5):  # after epochs 3 and 5
        position = Position(finished + 1, 0, 10 * finished, 1.0, metrics={"epoch": finished})
        writer.save(position, model, optimizer, {}, shuffle.get_state())
    assert drop_checkpoints_past(folder, 5) == []  # the log holds epoch 5: both kept
    assert len(folder.checkpoints()) == 2
    newest = folder.checkpoints()[0][1]
    assert drop_checkpoints_past(folder, 4) == [newest]  # the log stops at epoch 4
    assert not newest.exists()
    position = read_position(folder)
    assert position is not None and position.metrics == {"epoch": 3}
    # The last one stays, even ahead: going on from it beats starting again.
    assert drop_checkpoints_past(folder, 1) == []
    assert read_position(folder) is not None
