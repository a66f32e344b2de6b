"""Many viewers of one run, over real websockets to a real server: each gets every event once."""

import asyncio
import base64
import contextlib
import json
import os
import time
from collections.abc import Iterator
from socket import SO_RCVBUF, SOL_SOCKET
from socket import socket as Socket
from typing import Any

import pytest
from websockets.asyncio.client import connect

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.live_server import LiveServer, live_server
from tests.browser.long_run import write_long_run
from torchcanvas.api.routes.runs.events import FIRST_MESSAGE_BYTES, MESSAGE_BYTES
from torchcanvas.viewer_sockets import GuardedWebSocketProtocol

VIEWERS = 100


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("live")) as live:
        yield live


def start_run(server: LiveServer, **training: Any) -> str:
    status, reply = server.request(
        "POST", "/api/runs", {"design": DIGITS_CNN, "training": {**DIGITS_TRAINING, **training}}
    )
    assert status == 201, reply
    run_id: str = reply["id"]
    return run_id


def stored_events(server: LiveServer, run_id: str) -> list[dict[str, Any]]:
    status, events = server.request("GET", f"/api/runs/{run_id}/events?limit=10000")
    assert status == 200
    return list(events)


async def watch(
    server: LiveServer, run_id: str, after: int = 0, batch: bool = False, stop_at: int = 0
) -> list[Any]:
    """Every message until the server closes the socket (or the viewer leaves after `stop_at`)."""
    query = f"after={after}" + ("&batch=1" if batch else "")
    url = f"{server.ws_url}/api/runs/{run_id}/events?{query}"
    messages: list[Any] = []
    async with connect(url, additional_headers={"Cookie": server.cookie}, max_size=None) as socket:
        async for message in socket:  # ends when the server closes it normally
            messages.append(json.loads(message))
            if stop_at and messages[-1]["seq"] >= stop_at:
                break  # the viewer closes the tab
    return messages


async def count_tasks() -> int:
    return len(asyncio.all_tasks()) - 1  # not this one


def test_a_hundred_viewers_each_get_every_event_once_in_order(server: LiveServer) -> None:
    run_id = start_run(server, epochs=15, batch_size=16)

    async def everyone() -> list[list[Any]]:
        # half watch from the start, half join while it trains, each from the beginning
        early = [asyncio.create_task(watch(server, run_id)) for _ in range(VIEWERS // 2)]
        await asyncio.sleep(0.5)
        late = [asyncio.create_task(watch(server, run_id)) for _ in range(VIEWERS // 2)]
        return await asyncio.gather(*early, *late)

    seen = asyncio.run(everyone())
    stored = stored_events(server, run_id)
    assert stored[-1]["type"] == "end" and stored[-1]["status"] == "succeeded"
    assert [event["seq"] for event in stored] == list(range(1, len(stored) + 1))
    for events in seen:
        assert events == stored
    assert server.services.fanout.viewer_count() == 0


def test_reconnecting_with_after_n_and_batches_are_exact(server: LiveServer) -> None:
    run_id = start_run(server, epochs=3)
    server.wait_for(run_id, {"succeeded"})
    stored = stored_events(server, run_id)

    async def replays() -> list[tuple[list[Any], list[Any]]]:
        afters = (0, 1, 7, len(stored) - 1, len(stored), len(stored) + 50)
        return [
            (await watch(server, run_id, after), await watch(server, run_id, after, batch=True))
            for after in afters
        ]

    for (one_by_one, batches), after in zip(
        asyncio.run(replays()),
        (0, 1, 7, len(stored) - 1, len(stored), len(stored) + 50),
        strict=True,
    ):
        assert one_by_one == stored[after:]
        assert all(isinstance(batch, list) and batch for batch in batches)
        assert [event for batch in batches for event in batch] == stored[after:]


def test_a_long_history_replays_in_messages_any_client_takes(server: LiveServer) -> None:
    """6,000 events in batches: each message at most MESSAGE_BYTES (under the 1 MiB that the
    `websockets` library takes by default), together every event once, in order. The first ones
    are small, so that the first points come at once on a slow link: a slow start."""
    owner = server.cookie.split("=", 1)[1]
    run = write_long_run(server.services.settings.data_dir, owner, epochs=200)
    stored = stored_events(server, run.id)
    assert len(stored) == run.events

    async def replay() -> list[str]:
        url = f"{server.ws_url}/api/runs/{run.id}/events?batch=1"
        async with connect(url, additional_headers={"Cookie": server.cookie}) as socket:
            return [str(message) async for message in socket]

    messages = asyncio.run(replay())
    assert 1 < len(messages) < 80  # some dozens of messages, not one per event or per 1000
    sizes = [len(message.encode()) for message in messages]
    assert all(size <= MESSAGE_BYTES for size in sizes)
    assert sizes[0] <= FIRST_MESSAGE_BYTES < sizes[1] <= 2 * FIRST_MESSAGE_BYTES, sizes[:3]
    assert max(sizes) > MESSAGE_BYTES // 2, sizes  # then full ones
    assert [event for message in messages for event in json.loads(message)] == stored


def test_departed_viewers_of_a_paused_run_leave_nothing_behind(server: LiveServer) -> None:
    run_id = start_run(server, epochs=500, batch_size=16)
    server.wait_for(run_id, {"running"})
    assert server.request("POST", f"/api/runs/{run_id}/pause")[0] == 200
    server.wait_for(run_id, {"paused"})
    last = stored_events(server, run_id)[-1]["seq"]
    before = server.on_loop(count_tasks())

    async def viewers_that_leave() -> None:
        sockets = [
            await connect(
                f"{server.ws_url}/api/runs/{run_id}/events",
                additional_headers={"Cookie": server.cookie},
                max_size=None,
            )
            for _ in range(VIEWERS // 2)
        ]
        for socket in sockets:  # each has had everything there is: the run is paused
            while json.loads(await socket.recv())["seq"] < last:
                pass
        # one feed waits on the hub for the paused run, however many watch it
        assert server.services.run_service.hub.waiter_count(run_id) == 1
        assert server.services.fanout.viewer_count() == VIEWERS // 2
        for socket in sockets:
            await socket.close()  # the close is answered at once

    asyncio.run(viewers_that_leave())
    # every handler and the feed end while the run stays paused: nothing polls, nothing is left
    for _ in range(200):
        if server.services.fanout.viewer_count() == 0 and server.on_loop(count_tasks()) == before:
            break
        asyncio.run(asyncio.sleep(0.05))
    assert server.services.fanout.viewer_count() == server.services.fanout.feed_count() == 0
    assert server.on_loop(count_tasks()) == before
    assert server.services.run_service.hub.waiter_count(run_id) == 0
    assert server.request("POST", f"/api/runs/{run_id}/cancel")[0] == 200
    server.wait_for(run_id, {"cancelled"})


def test_after_beyond_the_largest_seq_is_a_clear_422(server: LiveServer) -> None:
    run_id = start_run(server, epochs=1)
    server.wait_for(run_id, {"succeeded"})
    status, share = server.request("POST", f"/api/runs/{run_id}/shares", {})
    assert status == 201, share
    token = share["url"].rsplit("/", 1)[1]
    for path in (f"/api/runs/{run_id}/events", f"/api/shared/{token}/events"):
        for after in (2**63, 2**64 + 1, -1):
            status, reply = server.request("GET", f"{path}?after={after}")
            assert status == 422, (path, after, reply)
            assert reply["detail"].startswith("The request is not valid: after:"), reply
            assert "0 to 2**63-1" in reply["detail"], reply
        status, events = server.request("GET", f"{path}?after={2**63 - 1}")
        assert (status, events) == (200, [])


def stalled_viewer(server: LiveServer, run_id: str) -> Socket:
    """A viewer with a tiny receive window that opens the run's events, then reads nothing."""
    s = Socket()
    s.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096)  # before connecting: the window
    host, port = server.url.removeprefix("http://").split(":")
    s.connect((host, int(port)))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(
        f"GET /api/runs/{run_id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Cookie: {server.cookie}\r\n\r\n".encode()
    )
    assert s.recv(12) == b"HTTP/1.1 101"
    return s


async def viewer_sockets(server: LiveServer) -> list[GuardedWebSocketProtocol]:
    """The server's websockets, read on its own event loop."""
    connections = server.server.server_state.connections
    return [c for c in connections if isinstance(c, GuardedWebSocketProtocol)]


PING = bytes([0x89, 0x80 | 125]) + bytes(4) + bytes(125)  # a masked ping, the largest there is


def test_a_viewer_that_stops_reading_holds_little_and_is_dropped(server: LiveServer) -> None:
    """A script opens a long run's events with a 4 KB receive buffer, reads nothing and sends
    pings (each asks for a pong): the server holds at most about one message for it, then drops
    it, while the other viewers get every event and a run trains to the end."""
    owner = server.cookie.split("=", 1)[1]
    long = write_long_run(server.services.settings.data_dir, owner, epochs=100)
    run_id = start_run(server, epochs=1, batch_size=256)
    stuck = stalled_viewer(server, long.id)

    async def stuck_sockets() -> list[int]:
        return [
            c.transport.get_write_buffer_size()
            for c in await viewer_sockets(server)
            if not c.writable.is_set()
        ]

    held: list[int] = []

    def flood() -> int:
        """Pings until the server takes no more (or 32 MB); the most it held meanwhile."""
        stuck.settimeout(1)
        with contextlib.suppress(TimeoutError, ConnectionError):
            for _ in range(32 * 2**20 // (len(PING) * 1000)):
                stuck.sendall(PING * 1000)
                held.extend(server.on_loop(stuck_sockets()))
        held.extend(server.on_loop(stuck_sockets()))
        return max(held, default=0)

    async def meanwhile() -> tuple[int, list[Any], list[Any]]:
        return await asyncio.gather(
            asyncio.to_thread(flood), watch(server, run_id), watch(server, long.id)
        )

    most, live_events, long_events = asyncio.run(meanwhile())
    assert held, "the viewer never stalled"
    assert most <= MESSAGE_BYTES + 2**18, most  # one message, and the pongs of one read
    assert live_events == stored_events(server, run_id)
    assert server.wait_for(run_id, {"succeeded", "failed"})["status"] == "succeeded"
    assert long_events == stored_events(server, long.id)[: len(long_events)]
    assert len(long_events) == long.events
    # Dropped once it has taken nothing for a while: its seat and its place in the feed are free.
    for _ in range(400):
        if (
            not server.on_loop(viewer_sockets(server))
            and server.services.fanout.viewer_count() == 0
        ):
            break
        time.sleep(0.05)
    assert server.on_loop(viewer_sockets(server)) == []
    assert server.services.fanout.viewer_count() == 0
    stuck.close()
