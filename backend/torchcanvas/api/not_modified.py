"""304 Not Modified for a GET whose If-None-Match names the answer's ETag: the pages (each the
app's index.html) and the downloads sent with an ETag (a run's weights, its exports, its
design.json) are sent again only when they changed, as the app's other static files are
(StaticFiles); the built assets are cached for good, without one.

The answer is made as for any GET, through every check, so a 304 goes only where the 200 would;
its headers are the 200's (ETag, Last-Modified, Cache-Control, the security headers) without
the body and its length. A weak tag (W/"…") matches, as the weak comparison RFC 9110 asks of
If-None-Match; `*` matches any answer with an ETag.
"""

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_BODY = (b"content-length", b"content-type", b"content-encoding")


def named(if_none_match: str, etag: str) -> bool:
    """Whether the header's list of tags names `etag`, compared weakly."""
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag.removeprefix("W/") in tags


class NotModified:
    """Answers 304, without the body, to a GET or HEAD whose If-None-Match names its 200's ETag."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        asked = Headers(scope=scope).get("if-none-match") if scope["type"] == "http" else None
        if not asked or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        unchanged = False
        ended = False

        async def sending(message: Message) -> None:
            nonlocal unchanged, ended
            if message["type"] == "http.response.start":
                etag = Headers(raw=message["headers"]).get("etag")
                unchanged = message["status"] == 200 and etag is not None and named(asked, etag)
                if unchanged:
                    kept = [(k, v) for k, v in message["headers"] if k.lower() not in _BODY]
                    message = {**message, "status": 304, "headers": kept}
                await send(message)
            elif not unchanged:
                await send(message)
            elif not ended:  # the body's first message (or a pathsend) ends it, empty
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app(scope, receive, sending)
