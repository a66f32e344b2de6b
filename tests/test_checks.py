"""The project's own checks, run by pytest so that CI reports them with every other test."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from torchcanvas.api.app import create_app

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"


def _run(*command: str, cwd: Path = ROOT) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


def _needs_node_modules() -> None:
    assert (FRONTEND / "node_modules").is_dir(), "frontend/node_modules is missing: run `make test`"


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "backend", "tests", "bench"),
        ("ruff", "format", "--check", "backend", "tests", "bench"),
        ("mypy",),
        ("mypy", "bench"),
    ],
    ids=["ruff-check", "ruff-format", "mypy", "mypy-bench"],
)
def test_python_checks(command: tuple[str, ...]) -> None:
    _run(sys.executable, "-m", *command)


def test_typescript_is_strict_and_clean() -> None:
    _needs_node_modules()
    tsconfig = json.loads((FRONTEND / "tsconfig.json").read_text())
    assert tsconfig["compilerOptions"]["strict"] is True
    _run("npm", "run", "--silent", "check", cwd=FRONTEND)


def test_frontend_types_are_generated_from_the_current_schema(tmp_path: Path) -> None:
    """The committed schema.d.ts equals a fresh generation from the server's OpenAPI schema."""
    _needs_node_modules()
    schema = tmp_path / "openapi.json"
    schema.write_text(json.dumps(create_app().openapi(), indent=2, sort_keys=True) + "\n")
    generated = tmp_path / "schema.d.ts"
    generator = FRONTEND / "node_modules" / ".bin" / "openapi-typescript"
    _run(str(generator), str(schema), "-o", str(generated), cwd=FRONTEND)
    committed = FRONTEND / "src" / "api" / "schema.d.ts"
    assert generated.read_text() == committed.read_text(), (
        "frontend/src/api/schema.d.ts is out of date: run `make frontend` and commit it"
    )
    assert shutil.which("node"), "node is needed for the frontend"
