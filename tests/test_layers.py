"""The package's folders follow the pipeline: each imports only from its own stage or earlier ones."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "backend" / "torchcanvas"
# Earlier stages first. The store keeps runs and events in SQLite for the runs stage to use;
# exports read the store's artefacts and are served by the API.
LAYERS = {"design": 0, "training": 1, "store": 2, "export": 2, "runs": 3, "settings": 4, "api": 5}
WEB = ("fastapi", "starlette", "uvicorn")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    names += [
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    ]
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem == "settings")


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_imports_point_down_the_pipeline(path: Path) -> None:
    stage = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "torchcanvas" and len(parts) > 1 and parts[1] in LAYERS:
            assert LAYERS[parts[1]] <= LAYERS[stage], f"{stage} must not import {name}"
        if stage != "api" and stage != "settings":
            assert parts[0] not in WEB, f"the core ({stage}) must not import {name}"
