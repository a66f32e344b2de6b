"""The disk's reserve (store/space_reserve.py) is written in a thread, never on the server's event
loop: while a request's look is writing its 8 MiB, other requests are answered. Here its write
never ends until the test reads it: the reserve's file is a named pipe that nothing reads yet."""

import os
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.backend.live_server import LiveServer, live_server
from torchcanvas.store import space_reserve
from torchcanvas.store.space_reserve import RESERVE_BYTES, RESERVE_NAME


def _thread_in_keep() -> int | None:
    """The thread that is in SpaceReserve.keep, if one is."""
    for ident, frame in sys._current_frames().items():
        inner = frame
        while inner is not None:
            if (
                inner.f_code.co_name == "keep"
                and inner.f_code.co_filename == space_reserve.__file__
            ):
                return ident
            inner = inner.f_back
    return None


def _health(server: LiveServer, timeout: float) -> int:
    with urllib.request.urlopen(f"{server.url}/api/health", timeout=timeout) as reply:
        return int(reply.status)


async def _loop_thread() -> int:
    return threading.get_ident()


def test_other_requests_are_answered_while_the_reserve_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(space_reserve, "LOOK_EVERY", 0.3)  # looks come quickly here
    reserve = tmp_path / RESERVE_NAME
    making = reserve.with_name(RESERVE_NAME + ".making")
    with live_server(tmp_path) as server:
        deadline = time.monotonic() + 30
        while not (reserve.is_file() and reserve.stat().st_size == RESERVE_BYTES):
            assert time.monotonic() < deadline, "the reserve was not made"
            _health(server, 10)
            time.sleep(0.1)
        loop_thread = server.on_loop(_loop_thread())
        reserve.unlink()
        os.mkfifo(making)  # its write waits for a reader: a disk as slow as can be
        time.sleep(3 * space_reserve.LOOK_EVERY)  # the next request's look is due
        first: list[int] = []
        asker = threading.Thread(target=lambda: first.append(_health(server, 60)))
        asker.start()
        drained, writer = 0, None
        try:
            deadline = time.monotonic() + 30
            while (writer := _thread_in_keep()) is None:
                assert time.monotonic() < deadline, "no request looked at the reserve"
                time.sleep(0.02)
            assert writer != loop_thread, "the reserve is written on the event loop"
            # The event loop answers meanwhile: this one comes at once, not after the write.
            started = time.monotonic()
            assert _health(server, 5) == 200
            assert time.monotonic() - started < 2
        finally:
            if writer is None:  # nothing would ever open the pipe to write
                making.unlink()
            else:
                with making.open("rb") as pipe:  # the write goes through at last
                    while block := pipe.read(2**20):
                        drained += len(block)
            asker.join(timeout=30)
        assert drained == RESERVE_BYTES and first == [200]
        # The pipe took the reserve's place: the next look makes it a file again, as before.
        deadline = time.monotonic() + 30
        while not (reserve.is_file() and reserve.stat().st_size == RESERVE_BYTES):
            assert time.monotonic() < deadline, "the reserve was not made again"
            _health(server, 10)
            time.sleep(0.1)
        assert not making.exists()
