"""The tests' API calls get a browser's one retry on a socket reset, and nothing more."""

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Error, Page

from tests.browser.api_calls import api_of

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"


@contextmanager
def resetting_server(resets: int) -> Iterator[str]:
    """A server that resets its first `resets` connections as their request arrives (as a
    server closing an idle socket does), then answers 'ok'; yields its address."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    done = threading.Event()

    def serve() -> None:
        served = 0
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                conn.recv(65536)
                if served < resets:  # a close that sends RST, not FIN
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                else:
                    conn.sendall(ANSWER)
            served += 1

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:  # the serving thread ends before its socket closes, never waiting on a closed one
        done.set()
        thread.join()
        listener.close()


def test_a_reset_socket_is_tried_once_more(page: Page) -> None:
    with resetting_server(resets=1) as url:
        reply = api_of(page).post(url, data={"a": 1})
        assert reply.status == 200 and reply.text() == "ok"


def test_a_second_reset_is_not_hidden(page: Page) -> None:
    with resetting_server(resets=2) as url, pytest.raises(Error, match=r"ECONNRESET|hang up"):
        api_of(page).get(url)
