"""A run of one progress frame (under a second) has one gradient norm a layer: the chart draws it
as a point, where a line of one point drew nothing and the chart read empty."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.written_run import DIGITS_SETTINGS, finished_events, owner_of, write_run

DESIGN = {
    "version": 1,
    "name": "linear",
    "input_shape": [64],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}

# How many pixels of the chart's canvas are in the first series' colour.
_PAINTED = """(figure) => {
  const canvas = figure.querySelector("canvas");
  const probe = document.createElement("canvas").getContext("2d");
  probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue("--chart-series-1").trim();
  const want = parseInt(probe.fillStyle.slice(1), 16);
  const [r, g, b] = [want >> 16, (want >> 8) & 255, want & 255];
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) count++;
  return count;
}"""


def test_a_run_of_one_frame_draws_its_gradient_norm(
    page: Page, server_url: str, server_data: Path
) -> None:
    events = finished_events(1)  # one progress frame
    run_id = write_run(server_data, owner_of(page, server_url), DESIGN, DIGITS_SETTINGS, events)
    page.goto(f"{server_url}/runs/{run_id}")
    chart = page.get_by_test_id("grad-chart")
    expect(chart).to_have_attribute("data-drawn", "1")
    assert chart.evaluate(_PAINTED) > 10
