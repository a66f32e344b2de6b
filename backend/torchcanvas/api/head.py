"""HEAD answered as GET is, without the body: HTTP clients, link checkers and `curl -I` ask HEAD
wherever GET works, and FastAPI's routes take only the methods they name.

The request goes through every check and route as the GET would (the caller, owner-only runs,
share links, the host and origin checks), so HEAD reaches nothing GET does not, and answers with
the same status and headers, `content-length` included. Only the body is left out.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Serves each HEAD request as a GET whose body is not sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def headers_only(message: Message) -> None:
            nonlocal ended
            if message["type"] == "http.response.start":
                await send(message)
            elif not ended:  # the first of the body's messages (or a pathsend) ends it, empty
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        # A copy: the server keeps its own scope, which still says HEAD, and so sends no body
        # whatever reaches it.
        await self.app({**scope, "method": "GET"}, receive, headers_only)
