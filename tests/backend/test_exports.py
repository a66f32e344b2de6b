"""Every download, opened by the tool its users would open it with, agrees with the trained model."""

import contextlib
import io
import json
import shutil
import sys
import threading
import time
import warnings
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime
import pytest
import torch
from fastapi.testclient import TestClient
from PIL import Image
from safetensors.torch import load_file, save_file

from tests.backend.conftest import DIGITS_CNN, start_run, wait_for
from torchcanvas.api import model_views
from torchcanvas.api.model_views import model_file
from torchcanvas.design.build import build_network
from torchcanvas.design.codegen import file_stem
from torchcanvas.design.limits import DesignLimits
from torchcanvas.design.schema import Design
from torchcanvas.export.bundle import bundle_file
from torchcanvas.export.bundle_readme import Stopped, readme
from torchcanvas.export.formats import EXPORTERS, OnnxWarmth, export_file
from torchcanvas.export.trained import MODELS, build_trained
from torchcanvas.runs.errors import RunNotFound
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.pictures import picture_sample
from torchcanvas.training.events import Metrics
from torchcanvas.training.settings import MAX_BATCH_SIZE, TrainingSettings

TOLERANCE = 1e-4
LIMITS = DesignLimits()  # the default limits: every design here is within them
# torch 2.13 deprecates TorchScript in favour of torch.export; people still open .pt files with it.
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.load` is deprecated:DeprecationWarning")
MLP: dict[str, Any] = {
    "version": 1,
    "name": "moons-mlp",
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "norm1", "type": "BatchNorm1d"},
        {"id": "act1", "type": "Tanh"},
        {"id": "drop1", "type": "Dropout", "params": {"p": 0.3}},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 2}},
    ],
}
BN_CNN: dict[str, Any] = {
    "version": 1,
    "name": "bn-cnn",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 4, "padding": 1}},
        {"id": "bn1", "type": "BatchNorm2d"},
        {"id": "act1", "type": "LeakyReLU"},
        {"id": "pool1", "type": "AvgPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
# Both recurrent layers, every option that changes the graph: steps handed on, a bidirectional
# last step, and stacked layers.
RECURRENT: dict[str, Any] = {
    "version": 1,
    "name": "waves-rnn",
    "input_shape": [1, 32],
    "layers": [
        {"id": "lstm1", "type": "LSTM", "params": {"hidden_size": 8, "output": "sequence"}},
        {"id": "conv1", "type": "Conv1d", "params": {"out_channels": 6, "kernel_size": 3}},
        {
            "id": "gru1",
            "type": "GRU",
            "params": {"hidden_size": 5, "num_layers": 2, "bidirectional": True},
        },
        {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
    ],
}
DESIGNS = {
    "digits-cnn": (DIGITS_CNN, "digits"),
    "bn-cnn": (BN_CNN, "digits"),
    "mlp": (MLP, "moons"),
    "lstm-gru": (RECURRENT, "waveforms"),
}
CLASSES = {"digits": 10, "moons": 2, "waveforms": 3}


def saved_run(folder: Path, raw: dict[str, Any]) -> tuple[Design, torch.nn.Module]:
    """A run folder as training leaves it: random weights and non-trivial BatchNorm statistics."""
    design = Design.model_validate(raw)
    torch.manual_seed(1)
    model = build_network(design)
    model.train()
    with torch.no_grad():
        model(torch.randn(32, *design.input_shape) * 2 + 0.5)  # moves running_mean and running_var
    folder.mkdir(parents=True, exist_ok=True)
    save_file(
        {k: v.contiguous() for k, v in model.state_dict().items()},
        str(folder / "weights.safetensors"),
    )
    return design, model.eval()


SavedRun = tuple[Path, Design, torch.nn.Module]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], SavedRun]:
    """Each design's saved run, made once for this module: its exports are made once and kept, as
    a run's are (an LSTM's ONNX export alone is 10 s of CPU), whichever test asks first."""
    made: dict[str, SavedRun] = {}

    def get(name: str) -> SavedRun:
        if name not in made:
            folder = tmp_path_factory.mktemp(name) / "run"
            made[name] = (folder, *saved_run(folder, DESIGNS[name][0]))
        return made[name]

    return get


def batch(design: Design, size: int = 5) -> torch.Tensor:
    return torch.randn(size, *design.input_shape, generator=torch.Generator().manual_seed(7))


@pytest.mark.parametrize("name", DESIGNS)
def test_onnx_passes_the_checker_and_onnxruntime_agrees(
    saved: Callable[[str], SavedRun], name: str
) -> None:
    folder, design, model = saved(name)
    path = export_file(folder, design, "model.onnx", LIMITS)
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = batch(design)  # another batch size than the export's example: the batch is dynamic
    (got,) = session.run(["output"], {"input": x.numpy()})
    torch.testing.assert_close(torch.from_numpy(got), model(x).detach(), atol=TOLERANCE, rtol=0)


@pytest.mark.parametrize("name", DESIGNS)
def test_torchscript_and_torch_export_load_and_agree(
    saved: Callable[[str], SavedRun], name: str
) -> None:
    folder, design, model = saved(name)
    x = batch(design)
    expected = model(x).detach()
    scripted = torch.jit.load(str(export_file(folder, design, "model.pt", LIMITS)))
    torch.testing.assert_close(scripted(x), expected, atol=TOLERANCE, rtol=0)
    program = torch.export.load(str(export_file(folder, design, "model.pt2", LIMITS)))
    torch.testing.assert_close(program.module()(x), expected, atol=TOLERANCE, rtol=0)


def test_the_pt2_export_takes_every_batch_size_a_run_takes(tmp_path: Path) -> None:
    design, _ = saved_run(tmp_path, MLP)
    program = torch.export.load(str(export_file(tmp_path, design, "model.pt2", LIMITS)))
    (batch,) = program.range_constraints.values()  # the one dynamic dimension
    assert batch.lower == 1 and batch.upper > MAX_BATCH_SIZE  # unbounded, in fact


@pytest.mark.parametrize("name", DESIGNS)
def test_the_bundle_loads_in_plain_pytorch_as_its_readme_says(
    saved: Callable[[str], SavedRun], tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = DESIGNS[name][1]
    folder, design, model = saved(name)
    training = TrainingSettings(
        dataset=dataset, loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=8
    )
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle_file(folder, design, training, LIMITS)) as archive:
        archive.extractall(unpacked)
    assert {p.name for p in unpacked.iterdir()} == {
        "weights.safetensors",
        "design.json",
        "preprocessing.json",
        "README.md",
        "model.pt",
        "model.py",
    }
    assert Design.model_validate_json((unpacked / "design.json").read_text()) == design
    preprocessing = json.loads((unpacked / "preprocessing.json").read_text())
    assert preprocessing["input_shape"] == design.input_shape
    assert len(preprocessing["classes"]) == CLASSES[dataset]
    assert (
        not {"help", "available", "suggested"} & preprocessing.keys()
    )  # the editor's, not a sample's
    assert load_file(str(unpacked / "weights.safetensors")).keys() == model.state_dict().keys()

    x = batch(design)
    readme = (unpacked / "README.md").read_text()
    snippets = readme.split("```python\n")[1:]
    # TorchScript, the code in model.py with the weights, ONNX and torch.export (downloaded
    # beside it, as the model page names them); on digits, pictures too (below).
    assert len(snippets) == (4 if dataset == "digits" else 3)
    for suffix in ("onnx", "pt2"):
        made = export_file(folder, design, f"model.{suffix}", LIMITS)
        shutil.copy(made, unpacked / f"{file_stem(design, 'run')}.{suffix}")
    snippets = snippets[:3]
    monkeypatch.chdir(unpacked)  # as a user who unzipped the bundle and runs the lines there
    monkeypatch.syspath_prepend(str(unpacked))
    monkeypatch.delitem(sys.modules, "model", raising=False)  # another case's model.py
    for snippet in snippets:
        scope: dict[str, Any] = {}
        exec(snippet.split("```")[0], scope)  # the README's own lines, run as a user would
        torch.testing.assert_close(scope["model"](x), model(x).detach(), atol=TOLERANCE, rtol=0)
    if "session" in scope:  # ONNX Runtime, on the same batch
        (answer,) = scope["session"].run(None, {"input": x.numpy()})
        torch.testing.assert_close(torch.from_numpy(answer), model(x).detach(), atol=1e-4, rtol=0)
    assert "session" in scope


def test_a_picture_models_readme_makes_a_picture_into_the_sample_try_it_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "A byte divided by 16" made a photo's values reach 16, and the model said 7 to anything:
    the README's lines give the very sample Try it makes of a picture, a sideways JPEG too."""
    design, model = saved_run(tmp_path / "run", DIGITS_CNN)
    training = TrainingSettings(
        dataset="digits", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=1, batch_size=8
    )
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle_file(tmp_path / "run", design, training, LIMITS)) as archive:
        archive.extractall(unpacked)
    first, _, _, pictures = (
        part.split("```")[0]
        for part in (unpacked / "README.md").read_text().split("```python\n")[1:]
    )
    assert "    size = (8, 8)\n" in pictures and "sideways" not in pictures  # square: no turn
    rng = np.random.default_rng(3)
    photo = Image.fromarray(rng.integers(0, 256, (40, 30, 3), dtype=np.uint8))
    exif = photo.getexif()
    exif[0x0112] = 6  # taken sideways
    files = {"seven.png": io.BytesIO(), "sideways.jpg": io.BytesIO(), "scan.png": io.BytesIO()}
    files["icon.png"] = io.BytesIO()  # a dark shape on a transparent background
    icon = np.zeros((20, 20, 4), dtype=np.uint8)
    icon[5:15, 5:15] = (40, 40, 40, 255)
    Image.fromarray(icon, "RGBA").save(files["icon.png"], format="PNG")
    photo.save(files["seven.png"], format="PNG")
    photo.save(files["sideways.jpg"], format="JPEG", exif=exif.tobytes())
    ramp = np.linspace(0, 65535, 24 * 20).reshape(24, 20).astype(np.uint16)  # 16-bit levels
    Image.fromarray(ramp).save(files["scan.png"], format="PNG")
    monkeypatch.chdir(unpacked)
    scope: dict[str, Any] = {}
    exec(first, scope)
    for name, data in files.items():
        (unpacked / name).write_bytes(data.getvalue())
        made = picture_sample(
            data.getvalue(), design.input_shape, find_dataset("digits"), UploadLimits()
        )
        lines = pictures.replace('picture("picture.png")', f'picture("{name}")')
        exec(lines, scope)
        assert torch.equal(scope["picture"](name), made.x), name
        torch.testing.assert_close(
            scope["output"], model(made.x[None]).detach(), atol=TOLERANCE, rtol=0
        )


@pytest.mark.parametrize(
    ("dataset", "loss", "outputs"), [("wine", "CrossEntropyLoss", 3), ("diabetes", "MSELoss", 1)]
)
def test_a_table_models_readme_says_how_to_scale_a_row_and_read_its_answer(
    tmp_path: Path, dataset: str, loss: str, outputs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table's model takes standardised features (and a regression gives a standardised
    target): the README's lines, given a row in its own units, give the model page's answer."""
    info = find_dataset(dataset)
    assert info.standardisation is not None
    features = len(info.standardisation.features)
    raw_design = {
        "version": 1,
        "name": "table",
        "input_shape": [features],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": outputs}}],
    }
    design, model = saved_run(tmp_path / "run", raw_design)
    training = TrainingSettings(
        dataset=dataset, loss=loss, optimizer="Adam", lr=0.01, epochs=1, batch_size=8
    )
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle_file(tmp_path / "run", design, training, LIMITS)) as archive:
        archive.extractall(unpacked)
    readme = (unpacked / "README.md").read_text()
    assert "(value − mean) / std" in readme
    first, _, _, scaled = (part.split("```")[0] for part in readme.split("```python\n")[1:])
    sample = load_split(dataset).x_val[:1]
    row = info.standardisation.raw_features(sample)[0].tolist()  # as a person has it
    lines = scaled.splitlines()
    lines = [
        f"raw = torch.tensor([{row!r}])" if line.startswith("raw = ") else line for line in lines
    ]
    monkeypatch.chdir(unpacked)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        scope: dict[str, Any] = {}
        exec(first, scope)
        exec("\n".join(lines), scope)
    output = model(sample).detach()
    if info.classes:
        assert printed.getvalue().strip() == info.classes[int(output.argmax(1))]
    else:
        in_units = info.standardisation.raw_target(output).item()
        assert float(printed.getvalue().strip().split("[[")[1].split("]")[0]) == pytest.approx(
            in_units, rel=1e-4
        )


def test_every_file_downloads_from_a_trained_run(client: TestClient) -> None:
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    view = client.get(f"/api/models/{run_id}").json()
    assert view["owned"] is True and view["validation"]["total_params"] == 2730
    assert view["dataset"]["classes"] == [str(d) for d in range(10)]
    urls = {f["name"]: f["url"] for f in view["files"]}
    assert set(urls) == {
        "bundle.zip",
        "weights.safetensors",
        "design.json",
        "model.pt",
        "model.pt2",
        "model.onnx",
    }
    sizes = {f["name"]: f["size"] for f in view["files"]}
    # Weights and design exist from the start; exports only once first downloaded.
    assert sizes["weights.safetensors"] > 0 and sizes["design.json"] > 0
    assert sizes["model.onnx"] is None and sizes["bundle.zip"] is None
    for name, url in urls.items():
        reply = client.get(url)
        assert reply.status_code == 200, (name, reply.text)
        assert reply.headers["content-disposition"].endswith(
            f'"digits-cnn-{run_id[:6]}.{name.split(".")[-1]}"'
        )
    again = client.get(f"/api/models/{run_id}").json()
    for listed in again["files"]:
        body = client.get(listed["url"]).content
        assert listed["size"] == len(body), listed
    onnx_bytes = client.get(urls["model.onnx"]).content
    onnx.checker.check_model(onnx.load_from_string(onnx_bytes))
    scripted = torch.jit.load(io.BytesIO(client.get(urls["model.pt"]).content))
    weights = client.get(urls["weights.safetensors"]).content
    x = torch.rand(3, 1, 8, 8)
    design = Design.model_validate(DIGITS_CNN)
    model = build_network(design).eval()
    from safetensors.torch import load as load_bytes

    model.load_state_dict(load_bytes(weights))
    torch.testing.assert_close(scripted(x), model(x).detach(), atol=TOLERANCE, rtol=0)


def test_a_model_page_warms_the_onnx_exporter_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first use in a process took 4 s more than an export; the page starts it, in the
    background, so that the ONNX download the person asks for next does not wait for it."""
    warmth = OnnxWarmth()  # a process that has not exported ONNX yet
    monkeypatch.setattr(model_views, "onnx_warmth", warmth)
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    assert not warmth.started
    assert client.get(f"/api/models/{run_id}").status_code == 200
    assert warmth.started and warmth.done.wait(60)
    onnx.checker.check_model(onnx.load_from_string(warmth.onnx))  # it really exported
    before = threading.active_count()
    assert client.get(f"/api/models/{run_id}").status_code == 200
    assert threading.active_count() == before  # once: no second warm-up


@pytest.mark.parametrize("name", ["design.json", "model.pt2", "bundle.zip"])
def test_a_run_deleted_as_its_file_is_made_is_not_found(client: TestClient, name: str) -> None:
    """A delete that lands while a download is being made (the run read, its file not yet):
    the export's folder was gone (500), or the file a moment later (500 from the response)."""
    run_id = start_run(client, epochs=1, batch_size=256)
    wait_for(client, run_id, {"succeeded"})
    services = client.app.state.services  # type: ignore[attr-defined]
    run = services.run_service.get(run_id)  # what the download's dependency read
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    with pytest.raises(RunNotFound) as raised:
        model_file(services, run, name)
    assert str(raised.value) == str(RunNotFound(run_id))


def exported_alone(folder: Path, design: Design, name: str) -> bytes:
    """The export as each download made it before: from a model of its own, built from the file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's exporters' own deprecations
        return EXPORTERS[name](build_trained(folder, design), design)


def test_concurrent_downloads_export_in_the_export_process_and_load_no_model_here(
    tmp_path: Path,
) -> None:
    """21 first downloads at once of a run's exports are made one at a time by the export process,
    from the weights file: the same files a model of their own made, and no model loaded into
    the API process for them (what the exporters keep of a model stays in that process)."""
    folder = tmp_path / "run"
    design, model = saved_run(folder, BN_CNN)
    fresh = {name: exported_alone(folder, design, name) for name in ("model.pt2", "model.onnx")}
    loads = MODELS.loads
    names = list(EXPORTERS) * 7
    with ThreadPoolExecutor(len(names)) as pool:
        paths = list(pool.map(lambda name: export_file(folder, design, name, LIMITS), names))
    assert MODELS.loads == loads
    for name, made in fresh.items():
        assert (folder / "exports" / name).read_bytes() == made, name
    # TorchScript numbers the classes it traces, so its bytes differ from one trace to the next.
    scripted = torch.jit.load(str(paths[0]))
    x = batch(design)
    torch.testing.assert_close(scripted(x), model(x).detach(), atol=TOLERANCE, rtol=0)


def test_a_stopped_runs_readme_says_where_its_weights_are_from() -> None:
    """Stopped at step 5,099 of 300 planned epochs, its README said "300 epochs"."""
    training = TrainingSettings(
        dataset="digits", loss="CrossEntropyLoss", optimizer="Adam", lr=0.01, epochs=300,
        batch_size=32,
    )  # fmt: skip
    design = Design.model_validate(DIGITS_CNN)
    whole = readme(design, training, find_dataset("digits"), "0123456789abcdef")
    assert "on `digits` (300 epochs, Adam, lr 0.01, CrossEntropyLoss)." in whole
    where = Metrics(epoch=113, step=5099)
    stopped = readme(
        design, training, find_dataset("digits"), "ab", Stopped.of("cancelled", where, 300)
    )
    assert (
        "on `digits` (Adam, lr 0.01, CrossEntropyLoss), stopped by its owner at step 5,099, after "
        "113 of its 300 epochs: the weights here are those at step 5,099." in stopped
    )
    early = readme(
        design, training, find_dataset("digits"), "ab", Stopped.of("succeeded", where, 300)
    )
    assert "stopped by early stopping at step 5,099, after 113 of its 300 epochs" in early
    # A run that trained every epoch, or failed, has no early end to tell.
    whole_run = Metrics(epoch=300, step=13_500)
    assert Stopped.of("succeeded", whole_run, 300) is None
    assert Stopped.of("failed", where, 300) is None


def test_a_stopped_runs_bundle_says_it_stopped(client: TestClient) -> None:
    run_id = start_run(client, epochs=200)
    deadline = time.monotonic() + 60
    while client.get(f"/api/runs/{run_id}").json()["metrics"]["epoch"] < 1:
        assert time.monotonic() < deadline, "no epoch ended within a minute"
        time.sleep(0.05)
    assert client.post(f"/api/runs/{run_id}/cancel").status_code == 200
    run = wait_for(client, run_id, {"cancelled"})
    metrics = run["metrics"]
    reply = client.get(f"/api/runs/{run_id}/files/bundle.zip")
    assert reply.status_code == 200, reply.text
    with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
        text = archive.read("README.md").decode()
    assert (
        f"stopped by its owner at step {metrics['step']:,}, after {metrics['epoch']} of its 200 "
        "epochs" in text
    ), text


def test_the_bundle_holds_the_runs_training_script_as_a_share_link_gives_it(
    client: TestClient,
) -> None:
    """train.py: the whole script, naming the run by its id's start (a bundle is one file for
    its owner and through a link); the one a share link downloads, but for the file its
    docstring says to run (`python train.py`: it said the download's name, not in the bundle)."""
    run_id = start_run(client, epochs=1)
    wait_for(client, run_id, {"succeeded"})
    reply = client.get(f"/api/runs/{run_id}/files/bundle.zip")
    assert reply.status_code == 200, reply.text
    with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
        script = archive.read("train.py").decode()
        readme = archive.read("README.md").decode()
        # Each a regular file anyone may read once unzipped (they were rw------- but one).
        modes = {entry.filename: oct(entry.external_attr >> 16) for entry in archive.infolist()}
    assert set(modes.values()) == {oct(0o100644)}, modes
    assert f"TorchCanvas run {run_id[:6]} " in script and run_id not in script
    assert "def load_data(" in script and "`train.py`" in readme
    shared = client.post(f"/api/runs/{run_id}/shares", json={})
    assert shared.status_code == 201, shared.text
    token = shared.json()["url"].rsplit("/s/", 1)[1]
    linked = client.get(f"/api/shared/{token}/code.py")
    stem = linked.headers["content-disposition"].split('filename="')[1].removesuffix('.py"')
    assert f"Run it with `python {stem}.py`" in linked.text
    assert "Run it with `python train.py`" in script and f"{stem}.py" not in script
    # The code under the docstring, to the byte.
    assert linked.text.split('"""', 2)[2] == script.split('"""', 2)[2]
