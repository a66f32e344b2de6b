"""The API called from a test's page as a browser would call it, with a browser's one retry.

`page.request` keeps its sockets open between calls, and the server closes one idle for 5 s
after a reply (KEEP_ALIVE_SECONDS, connections.py). A call that reuses a socket as the server closes it is reset before the
server has read a byte of it (ECONNRESET, or "socket hang up"); a browser sends such a request
again on a new socket, and so does this. Nothing else is retried: any answer is returned as it came.
"""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import APIResponse, BrowserContext, Error, Page

RESET = ("ECONNRESET", "socket hang up")


class Api:
    """`page.request`'s get, post, patch and delete, each sent again once on a reset socket (or a
    context's `request`: the same cookies, with no page)."""

    def __init__(self, page: Page | BrowserContext) -> None:
        self._request = page.request

    def get(self, url: str, **options: Any) -> APIResponse:
        return _once_more_if_reset(self._request.get, url, options)

    def post(self, url: str, **options: Any) -> APIResponse:
        return _once_more_if_reset(self._request.post, url, options)

    def patch(self, url: str, **options: Any) -> APIResponse:
        return _once_more_if_reset(self._request.patch, url, options)

    def delete(self, url: str, **options: Any) -> APIResponse:
        return _once_more_if_reset(self._request.delete, url, options)


def api_of(page: Page) -> Api:
    return Api(page)


def _once_more_if_reset(
    send: Callable[..., APIResponse], url: str, options: dict[str, Any]
) -> APIResponse:
    try:
        return send(url, **options)
    except Error as error:
        if not any(reason in error.message for reason in RESET):
            raise
        return send(url, **options)
