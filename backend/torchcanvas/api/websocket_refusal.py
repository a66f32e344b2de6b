"""Refusing a websocket so that the page learns why: accepted first, then closed with a reason."""

from fastapi import WebSocket
from starlette.websockets import WebSocketState

WS_INVALID = 4422  # a websocket's query is not valid; 4404 (deps.py): no such run of yours
_CLOSE_REASON_BYTES = 123  # all that a close frame holds


async def refuse_websocket(websocket: WebSocket, code: int, reason: str) -> None:
    """Accepts, then closes with a 4xxx code and the reason: refused before it is accepted, a
    websocket reaches a browser as a bare 403, and the page can only guess and retry."""
    if websocket.client_state is WebSocketState.CONNECTING:
        await websocket.accept()
    short = reason.encode(errors="replace")[:_CLOSE_REASON_BYTES].decode(errors="ignore")
    await websocket.close(code, short)
