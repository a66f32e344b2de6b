"""The package's folders follow the pipeline: each imports only from its own stage or earlier ones."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "backend" / "torchcanvas"
# Earlier stages first. The store keeps runs and events in SQLite for the runs stage to use;
# exports read the store's artefacts and are served by the API.
LAYERS = {
    "problems": -1,  # the kinds of error, which every stage raises and only the API answers
    "design": 0,
    "training": 1,
    "store": 2,
    "export": 2,
    "runs": 3,
    "config": 4,
    "server_settings": 4,  # config.py's groups of settings
    "api": 5,
}
WEB = ("fastapi", "starlette", "uvicorn")


def _imports(source: str, module: str) -> list[str]:
    """Every module (or module.name) that `source`, the code of `module`, imports.

    Relative imports are resolved against the module's package, and `from a import b` gives
    both `a` and `a.b`, so `from torchcanvas import api` and `from ..api import app` count.
    """
    package = module.split(".")[:-1]  # a package's __init__ is named as its own module
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level <= len(package), f"{module} imports from above the package"
            base = package[: len(package) - node.level + 1] if node.level else []
            origin = ".".join([*base, *([node.module] if node.module else [])])
            names += [origin, *(f"{origin}.{alias.name}" for alias in node.names)]
    return names


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def test_relative_and_package_imports_are_seen() -> None:
    seen = _imports(
        "from . import walk\nfrom ..api import app\nfrom torchcanvas import runs\n"
        "from .. import store as s\n",
        "torchcanvas.design.build",
    )
    assert "torchcanvas.design.walk" in seen and "torchcanvas.api.app" in seen
    assert "torchcanvas.runs" in seen and "torchcanvas.store" in seen
    init = _imports("from .routes import runs", "torchcanvas.api.__init__")
    assert "torchcanvas.api.routes.runs" in init


MODULES = sorted(
    p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem in ("config", "problems")
)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_imports_point_down_the_pipeline(path: Path) -> None:
    stage = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    for name in _imports(path.read_text(), _module_name(path)):
        parts = name.split(".")
        if parts[0] == "torchcanvas" and len(parts) > 1 and parts[1] in LAYERS:
            assert LAYERS[parts[1]] <= LAYERS[stage], f"{stage} must not import {name}"
        if stage != "api" and stage != "config":
            assert parts[0] not in WEB, f"the core ({stage}) must not import {name}"


CORE = [path for path in MODULES if path.relative_to(PACKAGE).parts[0] not in ("api", "config.py")]


def _raised_statuses(source: str) -> list[int]:
    """HTTP statuses (whole numbers 400-599) given to anything a `raise` builds."""
    return [
        node.value
        for raised in ast.walk(ast.parse(source))
        if isinstance(raised, ast.Raise) and raised.exc is not None
        for node in ast.walk(raised.exc)
        if isinstance(node, ast.Constant) and type(node.value) is int and 400 <= node.value < 600
    ]


def test_the_status_finder_sees_a_status_in_a_raise() -> None:
    assert _raised_statuses("raise UploadError('too big', 413)") == [413]
    assert _raised_statuses("raise Gone(f'{n} of 410 left')") == []


@pytest.mark.parametrize("path", CORE, ids=[str(p.relative_to(PACKAGE)) for p in CORE])
def test_no_http_status_below_the_api(path: Path) -> None:
    """The core raises kinds of problem (torchcanvas/problems.py); api/problem_status.py gives
    statuses."""
    assert _raised_statuses(path.read_text()) == [], f"{path.name} raises an HTTP status"
