"""The run page's history line tells a server's stop by the start of the end the server gives
(frontend/src/training/runHistory.ts, SERVER_STOPPED): held here to runs/recorder.py's words."""

import re
from pathlib import Path

from torchcanvas.runs.recorder import STOPPED, STOPPED_PAUSED

HISTORY = Path(__file__).parents[2] / "frontend" / "src" / "training" / "runHistory.ts"


def test_the_history_line_knows_the_ends_a_server_stop_gives() -> None:
    found = re.search(r'export const SERVER_STOPPED = "([^"]+)";', HISTORY.read_text())
    assert found is not None
    assert STOPPED.startswith(found.group(1)) and STOPPED_PAUSED.startswith(found.group(1))
