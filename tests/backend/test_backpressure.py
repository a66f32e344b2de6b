"""CPU work goes through a bounded queue: past it, 503 at once with Retry-After; health stays up.

Against a real server, with one CPU slot and a short wait list, so that a burst overflows it.
The load test offers validate requests at a fixed rate for a few seconds (loopback only) and
asserts on the answers; bench/validate_load.py reports the latencies.
"""

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi import HTTPException

from tests.backend.conftest import DIGITS_CNN, open_client
from tests.serve import serve
from torchcanvas.api.backpressure import CpuGate
from torchcanvas.connections import KEEP_ALIVE_SECONDS

VALIDATE = {"design": DIGITS_CNN, "batch_size": 64, "optimizer": "Adam"}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("backpressure")
    with serve(data, TORCHCANVAS_CPU_SLOTS="1", TORCHCANVAS_CPU_QUEUE="4") as url:
        httpx.post(f"{url}/api/designs/validate", json=VALIDATE, timeout=60)  # torch warmed up
        yield url


def _variant(i: int) -> dict[str, Any]:
    """The digits CNN with conv1 `8 + i` channels wide: a design no cache has answered yet."""
    conv1 = {**DIGITS_CNN["layers"][0], "params": {"out_channels": 8 + i, "kernel_size": 3}}
    return {**VALIDATE, "design": {**DIGITS_CNN, "layers": [conv1, *DIGITS_CNN["layers"][1:]]}}


async def _offer(
    url: str,
    rate: float,
    seconds: float,
    body: Callable[[int], dict[str, Any]] = lambda _: VALIDATE,
) -> tuple[list[httpx.Response], list[int]]:
    """Validate at a fixed offered rate (open loop), with health polled beside it."""
    # Fewer connections than the server keeps idle (1000, connections.py): past that it closes the
    # longest idle one, and a request the client had just sent on it failed (ReadError), as a
    # browser, which keeps six to a host, never meets it. And each idle one dropped well before
    # the server's keep-alive closes it (KEEP_ALIVE_SECONDS): on a busy machine the load outlasts
    # it, and a request sent on a pooled socket as the server closed it failed the same way,
    # where a browser sends it again.
    expiry = KEEP_ALIVE_SECONDS / 3
    limits = httpx.Limits(
        max_connections=500, max_keepalive_connections=100, keepalive_expiry=expiry
    )
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        start = time.monotonic()
        tasks = []
        health: list[int] = []

        async def poll_health() -> None:
            while time.monotonic() - start < seconds:
                health.append((await client.get("/api/health")).status_code)
                await asyncio.sleep(0.05)

        poller = asyncio.create_task(poll_health())
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            tasks.append(asyncio.create_task(client.post("/api/designs/validate", json=body(i))))
        replies = await asyncio.gather(*tasks)
        await poller
    return replies, health


def test_a_burst_past_the_queue_gets_503_at_once_with_retry_after(url: str) -> None:
    # 100 at once, each a design of its own: real work for each, not the results cache's answer
    replies, _ = asyncio.run(_offer(url, rate=2000, seconds=0.05, body=_variant))
    codes = [r.status_code for r in replies]
    assert set(codes) <= {200, 503}, codes
    assert codes.count(200) >= 1
    busy = [r for r in replies if r.status_code == 503]
    assert busy, "a burst of 100 should overflow one slot and a wait list of 4"
    assert busy[0].headers["retry-after"] == "1"
    assert "The server is busy" in busy[0].json()["detail"]


def test_every_request_is_answered_under_a_fixed_offered_load(url: str) -> None:
    replies, health = asyncio.run(_offer(url, rate=300, seconds=4))
    codes = [r.status_code for r in replies]
    assert len(codes) == 1200
    assert set(codes) <= {200, 503}, {c for c in codes if c not in (200, 503)}
    assert codes.count(200) > 0
    assert health and set(health) == {200}


def test_a_request_that_waits_too_long_for_a_slot_gets_503() -> None:
    """A place in the queue is not a promise of an answer seconds later."""

    async def scenario() -> int:
        gate = CpuGate(slots=1, queue=10, max_wait=0.05)
        async with gate.slot():  # held for the whole scenario
            try:
                async with gate.slot():
                    return 200
            except HTTPException as refusal:
                assert refusal.headers == {"Retry-After": "1"}
                assert "waited 0.05 s" in refusal.detail
                return refusal.status_code

    assert asyncio.run(scenario()) == 503


def test_an_upload_is_refused_before_its_body_while_the_queue_is_full(tmp_path: Path) -> None:
    """Its parsing would wait for a slot: refused at once, not after the whole file was sent."""
    with open_client(tmp_path) as client:
        gate = CpuGate(slots=1, queue=0)
        asyncio.run(gate._slots.acquire())  # the one slot taken, and no place to wait
        client.app.state.cpu_gate = gate  # type: ignore[attr-defined]
        sent: list[int] = []

        def body() -> Iterator[bytes]:
            head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
            yield head
            for _ in range(200):  # 20 MB of rows, as a slow client sends them
                sent.append(1)
                yield b"1,2,3,a\n" * 12_500
            yield b"\r\n--b--\r\n"

        reply = client.post(
            "/api/datasets",
            content=body(),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert reply.status_code == 503, reply.text
        assert reply.headers["Retry-After"] == "1"
        assert reply.json()["detail"].startswith("The server is busy")
        assert len(sent) < 200, "the whole body was read before the refusal"
        listed = [d["name"] for d in client.get("/api/catalog").json()["datasets"]]
        assert not [name for name in listed if name.startswith("upload-")]  # nothing of it kept
