"""Every link reads in the theme's accent, as the runs page's run names do, in the light scheme
and the dark: the model page's "Run page" and the editor's "Download this dataset's file" were
the browser's own blue, #0000ee, which is barely readable on a dark panel."""

from playwright.sync_api import Locator, Page, expect

from tests.backend.upload_files import blobs_csv
from tests.browser.api_calls import api_of
from tests.browser.browser_steps import open_editor, train_through_page


def _colour(link: Locator) -> str:
    expect(link).to_be_visible()
    colour: str = link.evaluate("(a) => getComputedStyle(a).color")
    return colour


def test_links_take_the_runs_pages_link_colour(page: Page, server_url: str) -> None:
    open_editor(page, server_url)
    file = {"name": "flowers.csv", "mimeType": "text/csv", "buffer": blobs_csv(rows=60)}
    upload = api_of(page).post("/api/datasets", multipart={"file": file, "target": "species"})
    assert upload.status == 201, upload.text()
    dataset = upload.json()["id"]
    design = {
        "version": 1,
        "name": "flowers-linear",
        "input_shape": [4],
        "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
    }
    training = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    run_id = train_through_page(page, design, {**training, "epochs": 1, "batch_size": 16})

    for scheme, accent in (("light", "rgb(29, 78, 216)"), ("dark", "rgb(147, 197, 253)")):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{server_url}/runs")
        runs_link = _colour(page.get_by_test_id(f"run-link-{run_id}"))
        assert runs_link == accent, (scheme, runs_link)
        page.goto(f"{server_url}/models/{run_id}")
        assert _colour(page.get_by_test_id("model-run-page")) == runs_link, scheme
        open_editor(page, server_url)
        page.get_by_test_id("dataset-select").select_option(dataset)
        assert _colour(page.get_by_test_id("download-dataset-file")) == runs_link, scheme
    assert api_of(page).delete(f"/api/datasets/{dataset}").ok
