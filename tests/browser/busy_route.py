"""A busy server for a browser test: a route answered with the 503 and Retry-After that
torchcanvas.api.backpressure sends when its queue is full, while `busy`, and let by otherwise."""

import json

from playwright.sync_api import Page, Route

# As torchcanvas.api.backpressure words it when its queue is full.
BUSY_DETAIL = (
    "The server is busy: 4 requests already wait to check designs, export, predict or read "
    "uploads. Try again in 1 s."
)


class BusyRoute:
    """Answers requests to `pattern` with the busy 503 while `busy`, counting them (`refused`)."""

    def __init__(self, page: Page, pattern: str, busy: bool = False) -> None:
        self.page, self.busy, self.refused = page, busy, 0
        page.route(pattern, self.answer)

    def answer(self, route: Route) -> None:
        if not self.busy:
            route.continue_()
            return
        self.refused += 1
        route.fulfill(
            status=503,
            headers={"Retry-After": "1", "Content-Type": "application/json"},
            body=json.dumps({"detail": BUSY_DETAIL, "errors": []}),
        )

    def wait_refused(self, times: int, what: str) -> None:
        """Until the page has asked `times` times and been refused: it asks again by itself."""
        for _ in range(50):
            if self.refused >= times:
                return
            self.page.wait_for_timeout(100)  # Playwright's loop answers the routes meanwhile
        assert self.refused >= times, f"{what} not asked about again after Retry-After"
