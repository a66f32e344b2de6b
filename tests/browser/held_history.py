"""A run's event stream held back from the page: what the server sends is kept for the test to
pass on when it chooses, to see what the page shows before its history has come."""

import json
import re

from playwright.sync_api import Page, WebSocketRoute


def hold_history(page: Page) -> tuple[list[str], list[WebSocketRoute]]:
    """From now on, the messages the server sends on a run's event stream, held back from the
    page; and the page's sockets, to send them on with. The server's close is held too."""
    held: list[str] = []
    sockets: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: held.append(str(message)))
        server.on_close(lambda code, reason: None)
        ws.on_message(lambda message: server.send(message))
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/api/runs/.*/events"), route)
    return held, sockets


def wait_for_history(held: list[str], page: Page) -> None:
    """Waits up to 5 s for the server's first message of the run's history."""
    for _ in range(100):
        if held:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the run's history did not come")


def held_events(held: list[str], page: Page) -> list[dict[str, object]]:
    """The events of the history held so far, once it has come."""
    wait_for_history(held, page)
    batches = [json.loads(message) for message in held]
    return [
        event for batch in batches if isinstance(batch, list) for event in batch
    ]  # no heartbeat
