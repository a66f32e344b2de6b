"""axe-core, from its pinned npm package, run inside the page: the serious and critical violations."""

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}; ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""


def serious_violations(page: Page) -> list[str]:
    """Injects axe (through the debugger protocol, so a page's CSP cannot block it) and runs it."""
    assert AXE.is_file(), (
        f"{AXE} is missing: run `make test`, which installs the frontend's packages"
    )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;undefined")
    violations: list[str] = page.evaluate(_RUN)
    return violations
