"""DELETE goes through on a full disk: deleting a run or an upload, revoking a link, ending a
class, taking a run out of one. Each frees space or cuts someone's access, and each writes a
little to the database first; a DELETE answered 507 gives up the disk's reserve
(store/space_reserve.py) and is answered again, once, in the space it freed."""

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from torchcanvas.api.disk import INSUFFICIENT_STORAGE
from torchcanvas.store.space_reserve import SpaceReserve


class FreeingMiddleware:
    """Keeps the reserve, and answers a DELETE that met a full disk again in its space."""

    def __init__(self, app: ASGIApp, reserve: SpaceReserve) -> None:
        self.app, self.reserve = app, reserve

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.reserve.due():  # in a thread: its 8 MiB held up every request as it was written
            await run_in_threadpool(self.reserve.keep)
        if scope["method"] != "DELETE":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # a 507's reply, sent only if no reserve is left to give

        async def first_send(message: Message) -> None:
            if held or (
                message["type"] == "http.response.start"
                and message["status"] == INSUFFICIENT_STORAGE
            ):
                held.append(message)
            else:
                await send(message)

        await self.app(scope, receive, first_send)
        if not held:
            return
        if self.reserve.give_up():
            await self.app(scope, _no_body, send)
            return
        for message in held:
            await send(message)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}
