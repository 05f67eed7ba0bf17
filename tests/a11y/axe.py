"""One axe-core harness for every accessibility test.

``assert_no_axe_violations(page, name)`` runs axe-core (shipped inside axe-playwright-python, so
no network) on the page as it is, with the WCAG 2.0/2.1 A and AA rules and the WCAG 2.2 AA rules
axe knows, writes what it checked to ``VAR_DIR/a11y/<name>.json`` (the lead totals those files)
and fails with one readable line per violation: rule, impact, target selectors and axe's help.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OPTIONS = {
    "runOnly": {"type": "tag", "values": TAGS},
    "resultTypes": ["violations", "passes", "incomplete", "inapplicable"],
}
_AXE = Axe()


def results_dir() -> Path:
    return Path(settings.VAR_DIR) / "a11y"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def run_axe(page: Page) -> dict[str, Any]:
    """axe's raw answer for the page (violations, passes, incomplete, inapplicable)."""
    return _AXE.run(page, options=OPTIONS).response


def format_violations(violations: list[dict[str, Any]], per_rule: int = 5) -> str:
    """One line per rule (id, impact, help, link) and its first ``per_rule`` targets."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or '?'}, {len(nodes)} elemen): "
            f"{violation['help']} {violation.get('helpUrl', '').split('?')[0]}"
        )
        for node in nodes[:per_rule]:
            target = " ".join(t if isinstance(t, str) else json.dumps(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}: {summary}")
        if len(nodes) > per_rule:
            lines.append(f"    … dan {len(nodes) - per_rule} elemen lain")
    return "\n".join(lines)


def record(
    name: str,
    url: str,
    viewport: dict[str, int] | None,
    response: dict[str, Any],
) -> dict:
    """What the lead's totals read: one JSON file per page and viewport."""
    violations = response["violations"]
    checked = sorted(
        {rule["id"] for kind in ("violations", "passes", "incomplete") for rule in response[kind]}
    )
    summary = {
        "name": name,
        "url": url,
        "viewport": viewport,
        "axe_version": response.get("testEngine", {}).get("version"),
        "tags": TAGS,
        "rules_checked": len(checked),
        "rules_inapplicable": len(response["inapplicable"]),
        "rules": checked,
        "violations": len(violations),
        "violating_nodes": sum(len(v["nodes"]) for v in violations),
        "details": [
            {
                "id": v["id"],
                "impact": v.get("impact"),
                "help": v["help"],
                "targets": [node["target"] for node in v["nodes"]],
            }
            for v in violations
        ],
    }
    directory = results_dir()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{_safe(name)}.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def assert_no_axe_violations(page: Page, name: str) -> dict[str, Any]:
    """Run axe on ``page`` now; fail listing every violation (none is let through). Returns the
    recorded summary."""
    response = run_axe(page)
    summary = record(name, page.url, page.viewport_size, response)
    assert summary["rules_checked"] > 0, f"{name}: axe checked no rule on {page.url}"
    violations = response["violations"]
    assert not violations, (
        f"{name} ({page.url}): {len(violations)} aturan axe dilanggar:\n"
        + format_violations(violations)
    )
    return summary
