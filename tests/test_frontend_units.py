"""The frontend's unit tests (Vitest, `*.test.ts` beside the code), one pytest test per file."""

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
TEST_FILES = sorted(
    p.relative_to(FRONTEND).as_posix() for p in (FRONTEND / "src").rglob("*.test.ts")
)


@dataclass
class VitestRun:
    output: str
    returncode: int
    files: dict[str, dict[str, Any]]  # test file (relative to frontend/) -> its JSON report


@pytest.fixture(scope="module")
def vitest(tmp_path_factory: pytest.TempPathFactory) -> VitestRun:
    """One `npm run test:unit` for all the files; its JSON report says how each file did."""
    assert (FRONTEND / "node_modules" / ".bin" / "vitest").exists(), (
        "frontend/node_modules is missing or has no vitest: run `make test`"
    )
    report = tmp_path_factory.mktemp("vitest") / "report.json"
    command = ["npm", "run", "--silent", "test:unit", "--", "--reporter=default", "--reporter=json"]
    result = subprocess.run(
        [*command, f"--outputFile.json={report}"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
    )
    output = f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    assert report.exists(), f"vitest wrote no report\n{output}"
    results = json.loads(report.read_text())["testResults"]
    files = {Path(r["name"]).relative_to(FRONTEND).as_posix(): r for r in results}
    assert sorted(files) == TEST_FILES, (
        f"vitest ran {sorted(files)}, expected {TEST_FILES}\n{output}"
    )
    return VitestRun(output, result.returncode, files)


def test_there_are_frontend_unit_tests() -> None:
    assert TEST_FILES, "no *.test.ts files under frontend/src"


@pytest.mark.parametrize("test_file", TEST_FILES)
def test_frontend_unit_file(vitest: VitestRun, test_file: str) -> None:
    result = vitest.files[test_file]
    failures = [
        f"{' > '.join([*a['ancestorTitles'], a['title']])}: {a['failureMessages'][0].splitlines()[0]}"
        for a in result["assertionResults"]
        if a["status"] != "passed"
    ]
    assert result["status"] == "passed" and not failures, (
        f"{test_file} failed: {result.get('message', '')}\n"
        + "\n".join(failures)
        + f"\n{vitest.output}"
    )
    assert result["assertionResults"], f"{test_file} holds no tests"
    any_file_failed = any(r["status"] != "passed" for r in vitest.files.values())
    assert vitest.returncode == 0 or any_file_failed, (
        f"vitest failed outside the tests\n{vitest.output}"
    )
