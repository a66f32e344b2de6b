"""The runs table fits a tablet's window and a 1920 px screen at 200 % zoom (960 CSS px): every cell,
its four-digit loss and its Rename / note button whole inside the table's box, with no sideways
scroll, which a touch screen never hinted at (it read "0.15" and "Renan / not")."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import DIGITS_MLP, DIGITS_SETTINGS, owner_of, write_run
from torchcanvas.store.run_labels import RunLabels
from torchcanvas.training.events import EndEvent, Metrics, StartedEvent, TrainingEvent


def _ended(epochs: int, val_loss: float, val_accuracy: float) -> list[TrainingEvent]:
    """A run that trained `epochs` epochs and ended with these numbers."""
    started = StartedEvent(
        device="cpu", epochs=epochs, steps_per_epoch=4, total_steps=4 * epochs, layers=["fc"]
    )
    metrics = Metrics(epoch=epochs, step=4 * epochs, val_loss=val_loss, val_accuracy=val_accuracy)
    return [started, EndEvent(status="succeeded", metrics=metrics)]


def _runs(page: Page, server_url: str, server_data: Path) -> list[str]:
    """Runs like a learner's: one of 1000 epochs, one at chance with a long name, a plain one."""
    owner = owner_of(page, server_url)
    long = DIGITS_SETTINGS.model_copy(update={"epochs": 1000, "lr": 0.001})
    sgd = DIGITS_SETTINGS.model_copy(update={"optimizer": "SGD", "lr": 0.05, "epochs": 8})
    name = RunLabels(name="deep sigmoid stack with a rather long name", note="")
    return [
        write_run(server_data, owner, DIGITS_MLP, long, _ended(1000, 0.15851, 0.95)),
        write_run(server_data, owner, DIGITS_MLP, sgd, _ended(8, 2.31079, 0.103), name),
        write_run(server_data, owner, DIGITS_MLP, DIGITS_SETTINGS, _ended(3, 3.12164, 0.5)),
    ]


CLIPPED = """(table) => {
  const box = table.closest('.runs-table-scroll').getBoundingClientRect();
  return [...table.querySelectorAll('tbody td, tbody td button')]
    .filter((cell) => cell.getBoundingClientRect().right > box.right + 0.5
                      || cell.scrollWidth > cell.clientWidth + 1)
    .map((cell) => cell.textContent.trim());
}"""


def test_the_runs_table_fits_a_tablet_and_a_zoomed_screen(
    page: Page, server_url: str, server_data: Path, screenshot: Callable[[str], None]
) -> None:
    runs = _runs(page, server_url, server_data)
    # A tablet on its side, 1920 px at 200 % zoom, the widest of the cards, and a tablet upright.
    for width, height in ((1024, 768), (960, 540), (941, 700), (940, 700), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{server_url}/runs")
        for run_id in runs:
            expect(page.get_by_test_id(f"run-row-{run_id}")).to_be_visible()
        expect(page.get_by_test_id(f"run-chance-{runs[1]}")).to_have_text("at chance")
        scroller = page.locator(".runs-table-scroll")
        sizes = scroller.evaluate("(s) => [s.scrollWidth, s.clientWidth]")
        assert sizes[0] <= sizes[1], (width, sizes)
        table = page.get_by_test_id("runs-table")
        assert table.evaluate(CLIPPED) == [], width
        row = page.get_by_test_id(f"run-row-{runs[0]}")
        expect(row.locator('td[data-label="val loss"]')).to_have_text("0.1585")
        expect(row.locator('td[data-label="epochs"]')).to_have_text("1000/1000")
        screenshot(f"runs-table-{width}")
