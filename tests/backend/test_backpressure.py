"""CPU work goes through a bounded queue: past it, 503 at once with Retry-After (429 past one
client's share of it); health stays up.

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
from starlette.requests import Request

from tests.backend.conftest import DIGITS_CNN, issued_cookie, open_client
from tests.serve import serve
from torchcanvas.api.access import OWNER_COOKIE, Owner
from torchcanvas.api.backpressure import CpuGate
from torchcanvas.connections import KEEP_ALIVE_SECONDS
from torchcanvas.store.owners import new_owner_id

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
    assert set(codes) <= {200, 429, 503}, codes
    assert codes.count(200) >= 1
    # One client (an address without a cookie): past its share of the queue, 429, its own doing.
    busy = [r for r in replies if r.status_code == 429]
    assert busy, "a burst of 100 should overflow one slot and a wait list of 4"
    assert busy[0].headers["retry-after"] == "1"
    assert "requests of yours already wait" in busy[0].json()["detail"]


def test_every_request_is_answered_under_a_fixed_offered_load(url: str) -> None:
    replies, health = asyncio.run(_offer(url, rate=300, seconds=4))
    codes = [r.status_code for r in replies]
    assert len(codes) == 1200
    assert set(codes) <= {200, 429, 503}, {c for c in codes if c not in (200, 429, 503)}
    assert codes.count(200) > 0
    assert health and set(health) == {200}


def test_a_request_that_waits_too_long_for_a_slot_gets_503() -> None:
    """A place in the queue is not a promise of an answer seconds later."""

    async def scenario() -> int:
        gate = CpuGate(slots=1, queue=10, max_wait=0.05)
        async with gate.slot(asking("a")):  # held for the whole scenario
            try:
                async with gate.slot(asking("b")):
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
        gate.free = 0  # the one slot taken, and no place to wait
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


def asking(owner: str | None, address: str = "10.0.0.1") -> Request:
    """A request from `address` with the owner cookie the server issued `owner` (None: no
    cookie, as AccessMiddleware leaves it: a fresh identity, not issued yet)."""
    identity = Owner(new_owner_id(), False) if owner is None else OWNERS[owner]
    state = {"owner": identity}
    return Request({"type": "http", "headers": [], "client": (address, 5000), "state": state})


OWNERS = {name: Owner(new_owner_id(), True) for name in ("a", "b", "c", "hog", "mate")}


def test_clients_take_turns_at_a_free_slot_each_in_its_own_order() -> None:
    """A client that queued eight requests holds a classmate who came later back by one of
    them, not eight; a stream of new clients does not pass one that waited longer."""

    async def scenario() -> list[str]:
        gate = CpuGate(slots=1, queue=20, per_client=10)
        served: list[str] = []

        async def ask(name: str, owner: str) -> None:
            async with gate.slot(asking(owner)):
                served.append(name)
                await asyncio.sleep(0)

        async with gate.slot(asking("c")):  # the slot is taken while the line forms
            tasks = [asyncio.create_task(ask(f"a{i}", "a")) for i in range(8)]
            await asyncio.sleep(0)
            tasks.append(asyncio.create_task(ask("b0", "b")))
            await asyncio.sleep(0)
            tasks.append(asyncio.create_task(ask("c0", "c")))
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        return served

    # c was served last (it held the slot), so it goes after a and b, who had not been.
    assert asyncio.run(scenario()) == ["a0", "b0", "c0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"]


def test_a_classmate_goes_before_the_requests_a_script_keeps_waiting() -> None:
    """The script's request that held the slot gives it back: the classmate who came after the
    script's other requests is served next, not after one more of them (review)."""

    async def scenario() -> list[str]:
        gate = CpuGate(slots=1, queue=20, per_client=10)
        served: list[str] = []

        async def ask(name: str, owner: str) -> None:
            async with gate.slot(asking(owner)):
                served.append(name)
                await asyncio.sleep(0)

        async with gate.slot(asking("hog")):  # the script's request at work
            tasks = [asyncio.create_task(ask(f"hog{i}", "hog")) for i in range(3)]
            await asyncio.sleep(0)
            tasks.append(asyncio.create_task(ask("mate", "mate")))
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        return served

    assert asyncio.run(scenario()) == ["mate", "hog0", "hog1", "hog2"]


def test_a_client_without_a_cookie_is_its_address_and_holds_its_share_of_the_queue() -> None:
    async def scenario() -> tuple[list[str], int]:
        gate = CpuGate(slots=1, queue=20, max_wait=5)
        assert gate.per_client == 2  # an eighth of 20, at least 2
        refusals: list[str] = []

        async def ask(request: Request) -> None:
            try:
                async with gate.slot(request):
                    await asyncio.sleep(0)
            except HTTPException as refusal:
                assert refusal.status_code == 429 and refusal.headers == {"Retry-After": "1"}
                refusals.append(refusal.detail)

        async with gate.slot(asking("a")):
            # No cookie: each request would be given a fresh identity; counted by address.
            tasks = [asyncio.create_task(ask(asking(None, "10.0.0.9"))) for _ in range(3)]
            await asyncio.sleep(0)
            tasks.append(asyncio.create_task(ask(asking("b", "10.0.0.9"))))  # a classmate
            await asyncio.sleep(0)
            waiting = gate.waiting
        await asyncio.gather(*tasks)
        return refusals, waiting

    refusals, waiting = asyncio.run(scenario())
    assert waiting == 3  # two of the address's, and the classmate's behind the same address
    assert refusals == [
        "Too many requests at once: 2 requests of yours already wait (at most 2) to check designs, "
        "export, predict or read uploads. Try again in 1 s."
    ]


def test_a_request_that_leaves_as_it_waits_gives_its_place_and_no_slot_is_lost() -> None:
    async def scenario() -> tuple[int, int]:
        gate = CpuGate(slots=2, queue=10)
        async with gate.slot(asking("a")), gate.slot(asking("b")):
            left = asyncio.create_task(gate.slot(asking("c")).__aenter__())
            await asyncio.sleep(0)
            assert gate.waiting == 1
            left.cancel()  # its client closed the connection
            await asyncio.gather(left, return_exceptions=True)
            waiting = gate.waiting
        return waiting, gate.free

    assert asyncio.run(scenario()) == (0, 2)


def test_a_script_flooding_one_slot_does_not_hold_a_classmates_checks_back(url: str) -> None:
    """With one CPU slot and four places in the queue: a script keeps twelve validations in
    flight with its cookie (each a design of its own, sent again as each is answered), while a
    classmate checks ten designs one after the other. Every one of the classmate's is answered;
    with one first-come queue the script's requests kept it full, and the classmate's got 503."""

    async def scenario() -> tuple[list[int], list[int]]:
        hog_cookie, mate_cookie = issued_cookie(url), issued_cookie(url)
        hog = httpx.AsyncClient(base_url=url, timeout=30, cookies={OWNER_COOKIE: hog_cookie})
        mate = httpx.AsyncClient(base_url=url, timeout=30, cookies={OWNER_COOKIE: mate_cookie})
        done = asyncio.Event()
        flood: list[int] = []

        async def keep_asking(worker: int) -> None:
            i = 0
            while not done.is_set():
                body = _variant(2000 + 100 * worker + i % 100)
                reply = await hog.post("/api/designs/validate", json=body)
                flood.append(reply.status_code)
                i += 1
                if reply.status_code in (429, 503):
                    await asyncio.sleep(0.005)

        async with hog, mate:
            workers = [asyncio.create_task(keep_asking(w)) for w in range(12)]
            await asyncio.sleep(0.5)  # the queue is full of the script's requests
            codes = []
            for i in range(10):
                reply = await mate.post("/api/designs/validate", json=_variant(i + 5000))
                codes.append(reply.status_code)
            done.set()
            await asyncio.gather(*workers)
        return codes, flood

    codes, flood = asyncio.run(scenario())
    assert codes == [200] * 10, codes
    assert flood.count(429) > 0, "the script never filled its share of the queue"


def test_a_script_with_a_made_up_cookie_each_request_is_one_client_behind_a_classmate(
    url: str,
) -> None:
    """A script that sent a fresh made-up owner cookie with each request counted as a new client
    each time, and so jumped a class's turns (a review's classmate waited 0.9 s a check). Only a
    cookie the server issued makes a client: the script is its address, which holds two places
    in the queue (an eighth of 4, at least 2), while the classmate at the same address, with
    the cookie the server gave it, is a client of its own whose ten checks are all answered."""

    async def scenario() -> tuple[list[int], list[str]]:
        mate_cookie = issued_cookie(url)
        script = httpx.AsyncClient(base_url=url, timeout=30)
        mate = httpx.AsyncClient(base_url=url, timeout=30, cookies={OWNER_COOKIE: mate_cookie})
        done = asyncio.Event()
        refusals: list[str] = []

        async def keep_asking(worker: int) -> None:
            i = 0
            while not done.is_set():
                body = _variant(3000 + 100 * worker + i % 100)
                made_up = {"cookie": f"{OWNER_COOKIE}={new_owner_id()}"}
                reply = await script.post("/api/designs/validate", json=body, headers=made_up)
                i += 1
                if reply.status_code in (429, 503):
                    refusals.append(reply.json()["detail"])
                    await asyncio.sleep(0.005)

        async with script, mate:
            workers = [asyncio.create_task(keep_asking(w)) for w in range(12)]
            await asyncio.sleep(0.5)
            codes = []
            for i in range(10):
                reply = await mate.post("/api/designs/validate", json=_variant(i + 6000))
                codes.append(reply.status_code)
            done.set()
            await asyncio.gather(*workers)
        return codes, refusals

    codes, refusals = asyncio.run(scenario())
    assert codes == [200] * 10, codes
    # One client's share: with a client per made-up cookie, none had a request already waiting.
    yours = "Too many requests at once: 2 requests of yours already wait (at most 2)"
    assert [r for r in refusals if r.startswith(yours)], refusals[:3]
