"""Problems in the formats CI tools read: GitHub annotations and SARIF 2.1.0.

``check --format github`` prints one ``::error file=...`` workflow command per
problem, which GitHub Actions shows on the pull request's lines;
``check --format sarif`` prints a SARIF log for code-scanning tools (GitHub
code scanning, GitLab, VS Code's SARIF viewer). Both come from the rule
registry, so every rule carries its name and explanation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from debatemap.model import Problem
from debatemap.rules.codes import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping: %, CR and LF in the message part.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: Sequence[Problem]) -> str:
    """One ``::error``/``::warning`` workflow command per problem."""
    lines = []
    for p in problems:
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        properties = f"file={_escape_property(p.path)},line={p.line},col={p.column},title={p.code}"
        lines.append(f"::{p.severity} {properties}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def sarif(problems: Sequence[Problem], version: str) -> str:
    """A SARIF 2.1.0 log with one run of debatemap and its rules."""
    used = sorted({p.code for p in problems} | set(RULES))
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary},
            "fullDescription": {"text": RULES[code].explanation},
            "defaultConfiguration": {"level": "warning" if RULES[code].severity == "warning" else "error"},
        }
        for code in used
        if code in RULES
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for p in problems:
        result: dict[str, object] = {
            "ruleId": p.code,
            "level": "warning" if p.severity == "warning" else "error",
            "message": {"text": p.message + (f" (hint: {p.hint})" if p.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": p.path},
                        "region": {"startLine": p.line, "startColumn": p.column},
                    }
                }
            ],
        }
        if p.code in index:
            result["ruleIndex"] = index[p.code]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "debatemap", "version": version, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
