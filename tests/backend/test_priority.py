"""The server's threads yield the CPU to training: lowered after the workers start, which keep theirs."""

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from torchcanvas.api.priority import yield_cpu_to_training

T = TypeVar("T")


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def _in_thread(body: Callable[[], T]) -> T:
    """body's result, run in a new thread (so that the test's own thread keeps its priority)."""
    result: list[T] = []
    thread = threading.Thread(target=lambda: result.append(body()))
    thread.start()
    thread.join()
    return result[0]


def test_threads_started_before_keep_their_priority_and_later_ones_inherit_the_lower() -> None:
    def server() -> tuple[int, int, int, int]:
        start = _nice()
        earlier: list[int] = []
        go = threading.Event()

        def relay() -> None:  # as a worker's relay thread, started before the server yields
            go.wait()
            earlier.append(_nice())

        thread = threading.Thread(target=relay)
        thread.start()
        yield_cpu_to_training(5)
        later = _in_thread(_nice)  # as a request's thread, started after
        go.set()
        thread.join()
        return start, _nice(), later, earlier[0]

    start, server_nice, later, earlier = _in_thread(server)
    assert server_nice == later == min(19, start + 5)
    assert earlier == start
    assert _nice() == start


def test_zero_steps_leave_the_priority_alone() -> None:
    def body() -> tuple[int, int]:
        before = _nice()
        yield_cpu_to_training(0)
        return before, _nice()

    before, after = _in_thread(body)
    assert before == after
