"""serve's refusals come from one registry: each reason word with its HTTP status, documented."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from starlette.testclient import TestClient

from debatemap.rules.refusals import REFUSALS, for_status, refusals_markdown
from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import Guard
from document_support import make_web_page

REPO = Path(__file__).resolve().parent.parent
SERVE = REPO / "src" / "debatemap" / "serve"
PORT = 8767
REGISTERED = {(r.word, r.status) for r in REFUSALS}

# The words the page and scripts test; a word is never renamed (README's list before the registry).
KNOWN_WORDS = {
    "join-first", "token-needed", "wrong-code", "not-yours", "teacher-only", "read-only", "forbidden",
    "not-found", "no-operation", "no-text", "wrong-method", "name-taken", "paused", "too-many-tries",
    "too-many-joins", "too-many-pages", "too-many-writes", "class-full", "bad-request", "bad-name",
    "too-large", "not-json", "server-error", "invalid-change",
}  # fmt: skip


def test_every_known_word_is_registered_once_per_status():
    assert KNOWN_WORDS <= {r.word for r in REFUSALS}
    assert len(REGISTERED) == len(REFUSALS), "a word registered twice with one status"
    for refusal in REFUSALS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", refusal.word) and 400 <= refusal.status < 600
        assert refusal.summary and "\n" not in refusal.summary
    assert list(REFUSALS) == sorted(REFUSALS, key=lambda r: (r.status, r.word))


def test_the_server_names_a_registered_refusal_at_every_site():
    """No status number or reason word written at a call site: refusal(refusals.PAUSED, ...)."""
    written = []
    for path in sorted(SERVE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in ("refusal", "BadRequest") and (
                    not node.args
                    or isinstance(node.args[0], ast.Constant)
                    or node.keywords
                    and any(k.arg == "reason" for k in node.keywords)
                ):
                    written.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "reason"
                        and isinstance(value, ast.Constant)
                    ):
                        written.append(f"{path.name}:{node.lineno}")
    assert written == []


def test_the_framework_s_own_refusals_keep_their_words():
    assert (for_status(404).word, for_status(405).word) == ("not-found", "wrong-method")
    assert (for_status(418).word, for_status(418).status) == ("refused", 418)


def test_the_documented_table_is_the_generated_one_and_lists_every_refusal():
    blocks = []
    for page in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        if page.exists():
            text = page.read_text(encoding="utf-8")
            blocks += re.findall(r"<!-- refusals:start[^>]*-->\n(.*?)<!-- refusals:end -->", text, re.S)
    assert blocks, "no page documents serve's refusals"
    for block in blocks:
        assert block == refusals_markdown()
    rows = set(re.findall(r"^\| ([a-z-]+) \| (\d{3}) \|", refusals_markdown(), re.M))
    assert rows == {(word, str(status)) for word, status in REGISTERED}


def test_refusals_the_server_sends_are_registered_with_their_status(
    make_map: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_map()
    config = ServeConfig(root.resolve(), (root / "sources").resolve(), PORT, watch=False)
    guard = Guard(PORT, False, False)
    client = TestClient(create_app(config, guard), base_url=f"http://127.0.0.1:{PORT}")
    page = make_web_page(tmp_path / "page.html")
    with client:
        answers = [client.get("/api/map")]  # no token yet
        client.get(f"/?token={guard.token}")
        answers += [
            client.post("/api/edit/nothing", json={}),
            client.get("/api/edit/add"),
            client.get("/no/such/address"),
            client.post("/api/edit/add", content=b"x", headers={"content-type": "text/plain"}),
            client.post("/api/edit/add", json={"fields": []}),
            client.post("/api/edit/link", json={"source": "a", "relation": "supports", "target": "zz"}),
            client.post(
                "/api/upload-source",
                data={"id": "Not A Slug"},
                files={"file": (page.name, page.read_bytes(), "text/html")},
            ),
        ]
    sent = [(p.get("reason"), answer.status_code) for answer in answers for p in answer.json()["problems"]]
    assert [status for _, status in sent] == [401, 404, 405, 404, 415, 400, 422, 422]
    assert set(sent) <= REGISTERED, set(sent) - REGISTERED


def test_python_m_debatemap_rules_prints_each_table():
    from debatemap.rules.__main__ import main

    assert main(["nothing"]) == 2
    assert main(["refusals", "codes"]) == 2
    shown = subprocess.run(
        [sys.executable, "-m", "debatemap.rules", "refusals"], capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0 and shown.stdout == refusals_markdown() and shown.stderr == ""
