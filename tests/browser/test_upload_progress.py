"""An upload on a slow link says how much of it has gone, and can be cancelled while it goes: the
server keeps nothing of it, and the same file uploads whole once sent again."""

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import CDPSession, Page, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import on_stored_upload_reply
from tests.browser.test_upload_form import open_upload

SLOW = {"offline": False, "latency": 50, "downloadThroughput": 10**6, "uploadThroughput": 32 * 1024}
FAST = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


def _big_csv() -> bytes:
    """About 1.2 MB: some 37 seconds at the slow link's 32 KiB/s, so that a cancel part way comes
    long before the server has it all (else the server keeps it, and the form says so)."""
    rows = "".join(f"{i * 0.37:.3f},{(i * 7919) % 1000 / 3:.4f},{i % 3}\n" for i in range(60_000))
    return ("x1,x2,label\n" + rows).encode()


def _uploads(page: Page) -> list[str]:
    reply = api_of(page).get("/api/datasets")
    assert reply.ok, reply.text()
    return sorted(d["name"] for d in reply.json() if d["name"].startswith("upload-"))


def _folders(data: Path) -> list[Path]:
    """The uploads' folders, with those half made."""
    folder = data / "datasets"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_upload_says_its_progress_and_a_cancel_keeps_nothing(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    data = _big_csv()
    open_upload(page, server_url, "big.csv", data)
    before = _uploads(page)
    folders = _folders(server_data)
    link = page.context.new_cdp_session(page)
    link.send("Network.enable")
    link.send("Network.emulateNetworkConditions", SLOW)
    page.get_by_test_id("upload-button").click()

    said = page.get_by_test_id("upload-progress-text")
    expect(said).to_have_text(re.compile(r"^Uploading… \d+% \(.+ of 1\.\d MiB\)$"))
    # It moves: a share past nothing is said before the body has gone.
    expect(said).to_have_text(re.compile(r"^Uploading… ([1-9]|[1-9]\d)% "), timeout=20_000)
    bar = page.get_by_test_id("upload-progress").locator("progress")
    assert 0 < float(bar.get_attribute("value") or 0) < float(bar.get_attribute("max") or 0)
    screenshot("upload-progress")

    page.get_by_test_id("upload-cancel").click()
    expect(page.get_by_test_id("upload-progress")).to_have_count(0)
    expect(page.get_by_test_id("upload-done")).to_have_text(
        "Cancelled: the server keeps nothing of a file cut short. The file is still chosen, to "
        "upload again."
    )
    expect(page.get_by_test_id("upload-error")).to_have_count(0)
    link.send("Network.emulateNetworkConditions", FAST)
    # The server, told of the cut body, keeps no dataset and no folder of it.
    # (Only its own: another test's upload may be gone meanwhile, deleted in the background.)
    deadline = time.monotonic() + 20
    while kept := set(_folders(server_data)) - set(folders):
        assert time.monotonic() < deadline, kept
        time.sleep(0.1)
    assert _uploads(page) == before

    # Sent again, whole: it becomes the chosen dataset.
    page.get_by_test_id("upload-button").click()
    dataset = page.get_by_test_id("dataset-select")
    expect(dataset).to_have_value(re.compile(r"^upload-[0-9a-f]{12}$"), timeout=30_000)
    expect(page.get_by_test_id("upload-progress")).to_have_count(0)
    assert len(_uploads(page)) == len(before) + 1


class _HeldAsks:
    """Holds the page's asks of GET /api/uploads-sent/… before they reach the server, until
    released: the form's words while it asks can be read (the server, having stored the upload,
    answers at once)."""

    def __init__(self, page: Page) -> None:
        self._cdp = page.context.new_cdp_session(page)
        self._held: list[str] = []
        self._released = False
        self._cdp.on("Fetch.requestPaused", self._paused)
        self._cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/api/uploads-sent/*"}]})

    def _paused(self, event: dict[str, Any]) -> None:
        if self._released:
            self._cdp.send("Fetch.continueRequest", {"requestId": event["requestId"]})
        else:
            self._held.append(event["requestId"])

    def release(self) -> None:
        assert self._held, "the form never asked whether its upload was kept"
        self._released = True
        for request_id in self._held:
            self._cdp.send("Fetch.continueRequest", {"requestId": request_id})


def _small_csv(rows: int) -> bytes:
    return ("x1,x2,label\n" + "".join(f"{i},{i % 7},{i % 2}\n" for i in range(rows))).encode()


def test_an_upload_whose_reply_was_lost_is_found_kept(
    page: Page, server_url: str, screenshot: Callable[[str], None]
) -> None:
    """The connection drops as the stored dataset's reply comes back: the upload is not said to
    have failed, and is chosen. (A Cancel in the moment after the whole file went, before its
    progress said so and Cancel went, is found the same way, and says "before the cancel".)"""
    open_upload(page, server_url, "lost-reply.csv", _small_csv(60))
    before = _uploads(page)

    def lost(cdp: CDPSession, request_id: str) -> None:
        cdp.send("Fetch.failRequest", {"requestId": request_id, "errorReason": "ConnectionReset"})

    on_stored_upload_reply(page, lost)
    asks = _HeldAsks(page)
    page.get_by_test_id("upload-button").click()
    # While the form asks the server whether it kept the upload, it says so, with no Cancel.
    expect(page.get_by_test_id("upload-progress-text")).to_have_text(
        "The connection was lost after the whole file had gone: asking the server whether it "
        "keeps the upload (a large file takes a while to read)…"
    )
    expect(page.get_by_test_id("upload-cancel")).to_have_count(0)
    screenshot("upload-asking-after-lost-reply")
    asks.release()
    expect(page.get_by_test_id("upload-done")).to_have_text(
        "The whole file had reached the server before the connection was lost: it is kept as "
        "“lost-reply.csv”, now chosen. Delete it above if it is not wanted."
    )
    [made] = sorted(set(_uploads(page)) - set(before))
    expect(page.get_by_test_id("dataset-select")).to_have_value(made)
    expect(page.get_by_test_id("upload-error")).to_have_count(0)
    screenshot("upload-kept-after-lost-reply")


def test_a_cancel_part_way_finds_no_other_upload_of_the_same_name(
    page: Page, server_url: str
) -> None:
    """An upload of the same file's name made meanwhile elsewhere (another tab) is not taken for
    this one, cancelled before its whole file went: the server cannot have kept that."""
    open_upload(page, server_url, "twice.csv", _big_csv())
    link = page.context.new_cdp_session(page)
    link.send("Network.enable")
    link.send("Network.emulateNetworkConditions", SLOW)
    page.get_by_test_id("upload-button").click()
    said = page.get_by_test_id("upload-progress-text")
    expect(said).to_have_text(re.compile(r"^Uploading… ([1-9]|[1-9]\d)% "), timeout=20_000)
    other = api_of(page).post(
        "/api/datasets",
        multipart={
            "file": {"name": "twice.csv", "mimeType": "text/csv", "buffer": _small_csv(60)},
        },
    )
    assert other.status == 201, other.text()
    page.get_by_test_id("upload-cancel").click()
    expect(page.get_by_test_id("upload-done")).to_have_text(
        "Cancelled: the server keeps nothing of a file cut short. The file is still chosen, to "
        "upload again."
    )
    link.send("Network.emulateNetworkConditions", FAST)
    expect(page.get_by_test_id("dataset-select")).not_to_have_value(other.json()["name"])


# Run in the page as one task: it waits, polling the server by synchronous requests, until the
# upload under way is stored, then clicks Cancel. The page hears nothing of its upload meanwhile
# (its progress and its reply wait for the task to end), as when a busy page's progress lags.
_CANCEL_ONCE_STORED = """(before) => {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const ask = new XMLHttpRequest();
    ask.open("GET", "/api/datasets", false);
    ask.send();
    if (JSON.parse(ask.responseText).length > before) {
      document.querySelector('[data-testid="upload-cancel"]').click();
      return true;
    }
  }
  return false;
}"""


def test_a_cancel_the_page_sent_after_the_server_had_it_all_finds_it_kept(
    page: Page, server_url: str
) -> None:
    """The page cancels before hearing that the whole file went (its progress lags, on a busy
    page), but the server had it all and keeps it: the form says so and chooses it, rather than
    saying that nothing was kept."""
    open_upload(page, server_url, "late-cancel.csv", _small_csv(8_000))
    before = api_of(page).get("/api/datasets").json()
    link = page.context.new_cdp_session(page)
    link.send("Network.enable")
    link.send("Network.emulateNetworkConditions", SLOW)  # the Cancel shows before the reply
    page.get_by_test_id("upload-button").click()
    expect(page.get_by_test_id("upload-cancel")).to_be_visible()
    assert page.evaluate(_CANCEL_ONCE_STORED, len(before)), "the upload was never stored"
    link.send("Network.emulateNetworkConditions", FAST)
    expect(page.get_by_test_id("upload-done")).to_have_text(
        "The whole file had reached the server before the cancel: it is kept as “late-cancel.csv”, "
        "now chosen. Delete it above if it is not wanted.",
        timeout=15_000,
    )
    [made] = sorted(set(_uploads(page)) - {d["name"] for d in before})
    expect(page.get_by_test_id("dataset-select")).to_have_value(made)
