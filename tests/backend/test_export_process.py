"""The export process: exports leave nothing of the models they trace in the API process, the
process is replaced after RECYCLE_AFTER exports, one that died is replaced at the next export, and
a server stopping as it warms up says so quietly."""

import gc
import logging
import os
import signal
import threading
import time
import zipfile
from pathlib import Path

import pytest

from tests.backend.conftest import open_client
from tests.backend.test_exports import BN_CNN, LIMITS, saved_run
from torchcanvas.export import export_process, formats
from torchcanvas.export.export_process import EXPORTS, ExportJob
from torchcanvas.export.formats import OnnxWarmth, export_file, onnx_export
from torchcanvas.export.opsets import DEFAULT_OPSET


def _rss_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _export_again(folder: Path, design: object, name: str) -> Path:
    """The export made anew: weights newer than the kept file, as after a Continue."""
    weights = folder / "weights.safetensors"
    kept = folder / "exports" / name
    newest = max(weights.stat().st_mtime_ns, kept.stat().st_mtime_ns if kept.exists() else 0)
    os.utime(weights, ns=(newest, newest + 1_000_000_000))
    return export_file(folder, design, name, LIMITS)  # type: ignore[arg-type]


def test_torchscript_exports_leave_the_api_process_as_it_was(tmp_path: Path) -> None:
    """torch.jit.trace keeps about 250 KB of each model it traces in its process, for good: 40
    exports in the API process grew it by 10 MB, which only a restart gave back."""
    folder = tmp_path / "run"
    design, _ = saved_run(folder, BN_CNN)
    for _ in range(3):  # the process started, and its pipe's buffers made
        _export_again(folder, design, "model.pt")
    gc.collect()
    before = _rss_mib()
    for _ in range(40):
        path = _export_again(folder, design, "model.pt")
    gc.collect()
    grown = _rss_mib() - before
    assert grown < 3, f"the API process grew by {grown:.1f} MiB over 40 TorchScript exports"
    assert zipfile.is_zipfile(path)  # a TorchScript file


def test_the_process_is_replaced_after_its_exports_and_when_it_died(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_process, "RECYCLE_AFTER", 2)
    folder = tmp_path / "run"
    design, _ = saved_run(folder, BN_CNN)
    EXPORTS.stop()
    _export_again(folder, design, "model.pt")
    first = EXPORTS._process.pid
    _export_again(folder, design, "model.pt")  # its second: it is let go
    assert not EXPORTS.running()
    _export_again(folder, design, "model.pt")
    second = EXPORTS._process.pid
    assert second != first
    os.kill(second, signal.SIGKILL)  # out of memory, or killed by hand
    EXPORTS._process.join(10)
    assert zipfile.is_zipfile(_export_again(folder, design, "model.pt"))
    assert EXPORTS._process.pid not in (first, second)


def test_refused_exports_count_to_the_process_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused export traced the model as one that was made: repeated (a share link's visitor
    asking for an opset the model cannot be written at), it is replaced after as many."""
    monkeypatch.setattr(export_process, "RECYCLE_AFTER", 2)
    folder = tmp_path / "run"
    design, _ = saved_run(folder, BN_CNN)
    EXPORTS.stop()
    for _ in range(2):
        with pytest.raises(KeyError, match=r"model\.none"):  # the child's error, as raised there
            EXPORTS.make(folder, design, ExportJob("model.none"))
    assert not EXPORTS.running()


def test_a_file_made_before_waits_for_no_export_in_progress(tmp_path: Path) -> None:
    """The export lock is held for as long as an export takes (minutes for a large model): a
    download of a file already made, of any run, waited behind it (a code review)."""
    folder = tmp_path / "run"
    design, _ = saved_run(folder, BN_CNN)
    made = export_file(folder, design, "model.pt", LIMITS)
    got: list[Path] = []
    with formats._lock:  # another run's export under way
        reader = threading.Thread(
            target=lambda: got.append(export_file(folder, design, "model.pt", LIMITS))
        )
        reader.start()
        reader.join(10)
        assert got == [made], "the download waited for the export in progress"


def test_a_run_keeps_its_default_onnx_and_the_last_other_opset_asked_for(tmp_path: Path) -> None:
    """Each opset's file is the model's size and counts to the owner's quota: a share link's
    visitor asking for all eight kept eight (a code review). One made in the last minute stays."""
    folder = tmp_path / "run"
    design, _ = saved_run(folder, BN_CNN)
    exports = folder / "exports"
    default = onnx_export(folder, design, DEFAULT_OPSET, {}, LIMITS)
    old = onnx_export(folder, design, 13, {}, LIMITS)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    recent = onnx_export(folder, design, 14, {}, LIMITS)  # drops 13, made an hour ago
    assert sorted(p.name for p in exports.glob("*.onnx")) == sorted([default.name, recent.name])
    onnx_export(folder, design, 15, {}, LIMITS)  # 14 was made a moment ago: it stays
    assert recent.exists() and default.exists()


def test_an_export_past_its_time_is_stopped_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_process, "EXPORT_TIMEOUT", 0.0)  # none is made in no time
    folder = tmp_path / "run"
    design, _ = saved_run(folder, BN_CNN)
    with pytest.raises(export_process.ExportFailed, match="took more than 0 s and was stopped"):
        EXPORTS.make(folder, design, ExportJob("model.pt"))
    assert not EXPORTS.running()


def _warming() -> OnnxWarmth:
    """A warm-up under way in a new export process (the first ONNX export takes seconds)."""
    EXPORTS.stop()
    warmth = OnnxWarmth()
    warmth.start()
    deadline = time.monotonic() + 30
    while not EXPORTS.running():  # the process is started by the warm-up's thread
        assert time.monotonic() < deadline, "the warm-up started no export process"
        time.sleep(0.01)
    return warmth


def test_a_server_stopping_as_the_exporter_warms_up_logs_no_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The server's log said "the export process failed" and "warming the ONNX exporter failed",
    with a traceback, where the server stopped within seconds of a model page: no fault at all.
    A process that dies on its own is still a failure, and said so."""
    caplog.set_level(logging.INFO)
    with open_client(tmp_path):
        warmth = _warming()
    assert warmth.done.wait(30)
    assert warmth.onnx == b""  # cut short by the stop, not finished before it
    assert not EXPORTS.running()
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert errors == [], [r.getMessage() for r in errors]
    assert "the ONNX exporter's warm-up ended with the server" in caplog.messages

    warmth = _warming()
    os.kill(EXPORTS._process.pid, signal.SIGKILL)  # out of memory, or killed by hand
    assert warmth.done.wait(30)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(said) == 2 and said[0].startswith("the export process failed ("), said
    assert said[1] == "warming the ONNX exporter failed"


def test_another_server_stopping_in_the_process_leaves_the_exports_of_one_still_open(
    tmp_path: Path,
) -> None:
    """The export process is the process's, not a server's: a second app closing in it (as tests
    run several) ended the first one's export process, and with it any export under way (a 503
    "the server is stopping" from a server that was not)."""
    with open_client(tmp_path / "first"):
        warmth = _warming()
        with open_client(tmp_path / "second"):
            pass
        assert warmth.done.wait(60)
        assert warmth.onnx != b""  # finished, not cut short
        assert EXPORTS.running()
    assert not EXPORTS.running()  # the last server stopping ends it
