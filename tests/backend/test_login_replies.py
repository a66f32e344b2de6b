"""Where the server asks its login token, every operation that answers 401 for the lack of it
(or 429 for too many wrong ones) says so in the schema: each is sent without it, and with a
wrong bearer token, and its reply's status is looked up in its documented responses."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig

TOKEN = "classtoken-abcdef123"
# The operations whose routes need the login, as of this writing: the probe must reach them.
KNOWN = {
    ("post", "/api/runs"),
    ("post", "/api/runs/{run_id}/continue"),
    ("post", "/api/datasets"),
    ("patch", "/api/datasets/{dataset_id}"),
    ("delete", "/api/datasets/{dataset_id}"),
    ("post", "/api/classes"),
}
WRONG = {"Authorization": "Bearer wrong-token-0123456789"}


def _locked(data_dir: Path, **settings: Any) -> TestClient:
    """An app in the test process that asks TOKEN for the login."""
    config = ServerConfig(
        pin_cores=False, data_dir=data_dir, workers=1, worker_threads=1, login_token=TOKEN
    )
    return TestClient(create_app(config.model_copy(update=settings)))


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _locked(tmp_path_factory.mktemp("locked"), max_wrong_logins=1) as client:
        yield client


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    paths: dict[str, Any] = client.get("/openapi.json").json()["paths"]
    return [(m, p, op) for p, ops in paths.items() for m, op in ops.items()]


def _send(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    """The operation with made-up path values and no body: the login is checked first."""
    url = path
    while "{" in url:
        start = url.index("{")
        url = url[:start] + "0123456789abcdef" + url[url.index("}") + 1 :]
    return client.request(method.upper(), url, headers=headers)


def test_every_operation_that_asks_the_login_documents_401(locked: TestClient) -> None:
    stranger = TestClient(locked.app)  # never logged in
    refused = set()
    for method, path, operation in _operations(locked):
        reply = _send(stranger, method, path, {})
        if reply.status_code == 401:
            refused.add((method, path))
            assert "401" in operation["responses"], f"{method.upper()} {path}"
            assert reply.json()["detail"].startswith(
                "This TorchCanvas needs a login token before you can train, upload or change "
                "datasets, or make a class:"
            )
            assert reply.headers["www-authenticate"] == "Bearer"
    assert refused >= KNOWN, KNOWN - refused


def test_every_operation_that_throttles_wrong_tokens_documents_429(locked: TestClient) -> None:
    guesser = TestClient(locked.app)
    assert guesser.delete("/api/datasets/x", headers=WRONG).status_code == 401  # its one try
    throttled = set()
    for method, path, operation in _operations(locked):
        reply = _send(guesser, method, path, WRONG)
        if reply.status_code == 429:
            throttled.add((method, path))
            documented = operation["responses"].get("429", {})
            assert "Retry-After" in documented.get("headers", {}), f"{method.upper()} {path}"
            assert int(reply.headers["retry-after"]) >= 1
    assert throttled >= KNOWN, KNOWN - throttled


@pytest.mark.parametrize(
    ("authorization", "said"),
    [
        (
            "Bearer wrong-token-0123456789",
            "The login token in the Authorization header is wrong: check it for typos, or ask "
            "whoever runs this TorchCanvas for its token (the server's TORCHCANVAS_TOKEN).",
        ),
        (
            f"Token {TOKEN}",
            "The Authorization header's scheme `Token` is not one this server reads: send "
            "`Authorization: Bearer <token>` with the server's login token (TORCHCANVAS_TOKEN).",
        ),
        (
            "Bearer ",  # a script's `Bearer $TOKEN` with the variable unset
            "The Authorization header says Bearer but no token after it: send `Authorization: "
            "Bearer <token>` with the server's login token (TORCHCANVAS_TOKEN).",
        ),
        (
            TOKEN,  # the token alone: never said back, where the reply may be logged
            "The Authorization header holds no scheme this server reads: send `Authorization: "
            "Bearer <token>` with the server's login token (TORCHCANVAS_TOKEN).",
        ),
    ],
    ids=["wrong bearer token", "another scheme", "bearer without a token", "a bare token"],
)
def test_a_refused_token_says_what_was_wrong_with_it(
    tmp_path_factory: pytest.TempPathFactory, authorization: str, said: str
) -> None:
    """A script that sent a wrong token, or the right one the wrong way, was told to send the
    header it had sent. Its own server: a wrong one counts toward the throttle."""
    with _locked(tmp_path_factory.mktemp("tokens")) as client:
        reply = client.delete("/api/datasets/x", headers={"Authorization": authorization})
        assert reply.status_code == 401, reply.text
        assert reply.json()["detail"] == said
        assert TOKEN not in reply.text
        right = {"Authorization": f"Bearer {TOKEN}"}
        assert client.delete("/api/datasets/x", headers=right).status_code == 404
