"""A model's page holds still while its late parts load: a 2-D model's Neurons panel comes after its
results, and its maps after that; the training panel a reader has begun on must not move for them,
on a share link's page or on its owner's, on a wide screen or on a phone."""

from collections.abc import Callable

from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.api_calls import api_of
from tests.browser.browser_steps import PHONE, screenshot_page, train_through_page

SPIRAL_MLP = {
    "version": 1,
    "name": "spiral-steady",
    "input_shape": [2],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act1", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act2", "type": "Tanh"},
        {"id": "fc3", "type": "Linear", "params": {"out_features": 2}},
    ],
}
TRAINING = {"dataset": "spiral", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.03,
            "epochs": 3, "batch_size": 32, "seed": 0}  # fmt: skip
TILES = 2 + 8 * 4 + 2  # the input's units, then each layer's

# Where the training panel's top is on the page (not the window), in CSS pixels; null while the
# page has not shown it.
_TRAINING_TOP = """() => {
  const panel = document.querySelector('section[aria-label="Training"]');
  return panel ? panel.getBoundingClientRect().top + scrollY : null;
}"""


class HeldReplies:
    """Holds the server's replies to one kind of request until released, so a test reads the page
    as it stands before they come, however fast the server is."""

    def __init__(self, page: Page, pattern: str) -> None:
        self.page = page
        self.routes: list[Route] = []
        page.route(pattern, self.hold)

    def hold(self, route: Route) -> None:
        self.routes.append(route)

    def release(self) -> None:
        for _ in range(300):  # the page asks once what comes before has loaded
            if self.routes:
                break
            self.page.wait_for_timeout(50)
        assert self.routes, "the page never asked for it (within 15 s)"
        for route in self.routes:
            route.continue_()


def training_tops_while_loading(page: Page, path: str, view: str, api: str) -> list[float]:
    """The training panel's top as each late part of the page comes: the owner's share links,
    the results, then the neurons' maps. `view`: the page's first request, for the model; `api`:
    the prefix of the rest."""
    owner = "/api/runs/" in api
    shares = HeldReplies(page, f"**{api}/shares") if owner else None
    results = HeldReplies(page, f"**{api}/results")
    neurons = HeldReplies(page, f"**{api}/neurons")
    with page.expect_response(lambda reply: reply.url.endswith(view)):
        page.goto(path)
    # The page has its view: time to draw whatever it draws before the rest comes, which is where
    # the share links' panel used to grow under a reader.
    page.wait_for_timeout(500)
    tops = [page.evaluate(_TRAINING_TOP)]
    if shares:
        shares.release()
        expect(page.get_by_test_id("share-list").get_by_role("listitem")).to_have_count(1)
        tops.append(page.evaluate(_TRAINING_TOP))
    expect(page.get_by_test_id("epoch-chart")).to_be_visible()
    tops.append(page.evaluate(_TRAINING_TOP))
    results.release()
    expect(page.get_by_test_id("neurons")).to_contain_text("Drawing the neurons…")
    tops.append(page.evaluate(_TRAINING_TOP))
    neurons.release()
    expect(page.get_by_test_id("neurons").get_by_test_id("neuron-tile")).to_have_count(TILES)
    tops.append(page.evaluate(_TRAINING_TOP))
    return [top for top in tops if top is not None]


def test_the_training_panel_stays_put_while_the_neurons_load(
    page: Page, browser: Browser, server_url: str, screenshot: Callable[[str], None]
) -> None:
    page.goto(server_url)
    run_id = train_through_page(page, SPIRAL_MLP, TRAINING)
    share = api_of(page).post(f"/api/runs/{run_id}/shares", data={})
    assert share.status == 201, share.text()
    url = share.json()["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]

    # A stranger opens the link on a wide screen.
    stranger = browser.new_context(base_url=server_url, viewport={"width": 1440, "height": 1000})
    try:
        shared = stranger.new_page()
        shared_api = f"/api/shared/{token}"
        tops = training_tops_while_loading(shared, f"/s/{token}", shared_api, shared_api)
        assert len(set(tops)) == 1, f"the training panel moved while the page loaded: {tops}"
        screenshot_page(shared, screenshot, "model-steady-shared-1440")
    finally:
        stranger.close()

    # Its owner opens the model's page on a phone, where the panels stack in one column.
    page.set_viewport_size(PHONE)
    tops = training_tops_while_loading(
        page, f"/models/{run_id}", f"/api/models/{run_id}", f"/api/runs/{run_id}"
    )
    assert len(set(tops)) == 1, f"the training panel moved while the page loaded: {tops}"
    screenshot("model-steady-owner-390")
