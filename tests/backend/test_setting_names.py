"""A TORCHCANVAS_* variable that nothing reads stops the server as it starts, naming the closest
setting; every such name the project reads or sets is known, so none of them is refused."""

import re
from pathlib import Path

from tests.backend.test_startup import one_clear_line, start
from tests.serve import free_port
from torchcanvas.setting_names import SERVICE_LINKS, setting_names, unknown_setting

REPO = Path(__file__).resolve().parents[2]
# Where names are read or set: the server, its workers, tests, benchmarks, CI, Docker, the docs.
SKIPPED = {".git", ".venv", "node_modules", "dist", "build", "data", ".mypy_cache"}
SUFFIXES = {".py", ".md", ".ts", ".tsx", ".yml", ".yaml", ".sh", ".toml", ".json"}
PLAIN = {"Dockerfile", "Makefile", "run"}  # .ci/run


def _project_files() -> list[Path]:
    found = []
    for path in REPO.rglob("*"):
        parts = set(path.relative_to(REPO).parts)
        if parts & SKIPPED or not path.is_file() or path == Path(__file__):
            continue
        if path.suffix in SUFFIXES or path.name in PLAIN:
            found.append(path)
    return found


def test_every_name_the_project_reads_or_sets_is_known() -> None:
    named: dict[str, Path] = {}
    for path in _project_files():
        for name in re.findall(r"TORCHCANVAS_[A-Z0-9_]*[A-Z0-9]", path.read_text(errors="ignore")):
            named.setdefault(name, path)
    assert "TORCHCANVAS_SCREENS" in named and "TORCHCANVAS_DOWNLOAD_URL" in named
    unknown = {
        name: str(path.relative_to(REPO))
        for name, path in named.items()
        if not SERVICE_LINKS.fullmatch(name)  # others' names, said in setting_names.py
    }
    for name in setting_names():
        unknown.pop(name, None)
    assert unknown == {}
    assert all(unknown_setting({name: "1"}) is None for name in named)


def test_a_misspelt_setting_names_the_one_meant(tmp_path: Path) -> None:
    assert unknown_setting({"TORCHCANVAS_MIN_FREE_BYTE": "1", "HOME": "/root"}) == (
        "TORCHCANVAS_MIN_FREE_BYTE is not a setting: did you mean TORCHCANVAS_MIN_FREE_BYTES?"
    )
    assert unknown_setting({"TORCHCANVAS_BANANA": "1"}) == (
        "TORCHCANVAS_BANANA is not a setting: unset it (`python -m torchcanvas --help` lists the "
        "settings)."
    )
    assert unknown_setting({"torchcanvas_data": "x", "PORT": "1"}) is None  # read in any case


def test_the_names_kubernetes_and_docker_links_set_are_not_refused() -> None:
    """A Kubernetes service named torchcanvas in the pod's namespace (its every pod gets these),
    and Docker's legacy links: set by others, never read, and not the operator's to unset."""
    service = {
        "TORCHCANVAS_SERVICE_HOST": "10.0.0.7",
        "TORCHCANVAS_SERVICE_PORT": "8000",
        "TORCHCANVAS_SERVICE_PORT_HTTP": "8000",
        "TORCHCANVAS_PORT": "tcp://10.0.0.7:8000",
        "TORCHCANVAS_PORT_8000_TCP": "tcp://10.0.0.7:8000",
        "TORCHCANVAS_PORT_8000_TCP_PROTO": "tcp",
        "TORCHCANVAS_PORT_8000_TCP_PORT": "8000",
        "TORCHCANVAS_PORT_8000_TCP_ADDR": "10.0.0.7",
        "TORCHCANVAS_NAME": "/web/torchcanvas",
        "TORCHCANVAS_ENV_TORCHCANVAS_TOKEN": "from a linked container",
    }
    assert unknown_setting(service) is None
    # A misspelt setting among them is still named.
    assert unknown_setting({**service, "TORCHCANVAS_SERVICE_HOSTS": "x"}) == (
        "TORCHCANVAS_SERVICE_HOSTS is not a setting: unset it (`python -m torchcanvas --help` "
        "lists the settings)."
    )


def test_the_server_refuses_to_start_with_one(tmp_path: Path) -> None:
    elsewhere = tmp_path / "big-disk"
    done = start(tmp_path / "data", free_port(), TORCHCANVAS_DATA_DIR=str(elsewhere))
    line = one_clear_line(done)
    assert line == (
        "TorchCanvas cannot start: TORCHCANVAS_DATA_DIR is not a setting: did you mean "
        "TORCHCANVAS_DATA?"
    )
    assert not (tmp_path / "data").exists() and not elsewhere.exists()
