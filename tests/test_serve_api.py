"""debatemap serve's editing API: the same checked changes as the CLI, problems per field, live versions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from debatemap.cli.main import main
from debatemap.edit import add_node
from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import Guard
from debatemap.serve.sources import passages

PORT = 8765
SOURCE_TEXT = "Intro line.\nA quoted sentence. Police raids push sex work out of sight.\n\nThe end."
NEW = {"title": "Raids push work out of sight", "text": "Raids move sex work where it cannot be seen.",
       "perspective": "legal", "source": "s1", "quote": "Police raids push sex work out of sight.",
       "opposes": ["t"]}  # fmt: skip


@pytest.fixture
def served(make_map: Callable[..., Path]) -> Iterator[tuple[TestClient, Path]]:
    root = make_map()
    (root / "sources").mkdir()
    (root / "sources" / "s1.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    config = ServeConfig(root.resolve(), (root / "sources").resolve(), PORT, watch=False)
    guard = Guard(PORT)
    with TestClient(create_app(config, guard), base_url=f"http://127.0.0.1:{PORT}") as client:
        client.get(f"/?token={guard.token}")
        yield client, root


def edit(client: TestClient, operation: str, body: dict) -> httpx.Response:
    return client.post(f"/api/edit/{operation}", json=body)


def node_ids(client: TestClient) -> set[str]:
    return {n["id"] for n in client.get("/api/map").json()["data"]["nodes"]}


def test_an_added_reason_is_written_and_in_the_next_version(served) -> None:
    client, root = served
    before = client.get("/api/map").json()["version"]
    answer = edit(client, "add", {"fields": NEW})
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"] == "raids-push-work-out-of-sight"
    assert answer.json()["version"] == before + 1
    written = (root / "legal" / "raids-push-work-out-of-sight.yaml").read_text(encoding="utf-8")
    assert "opposes: [t]" in written and "Police raids push sex work out of sight." in written
    assert "raids-push-work-out-of-sight" in node_ids(client)
    assert main(["check", str(root)]) == 0


def test_a_refused_change_names_its_fields_and_writes_nothing(served) -> None:
    client, root = served
    before = sorted(p.name for p in root.rglob("*.yaml"))
    answer = edit(client, "add", {"fields": {**NEW, "perspective": "legl", "title": "x" * 300}})
    assert answer.status_code == 422
    problems = answer.json()["problems"]
    assert {p["field"] for p in problems} >= {"title"}
    assert all({"path", "line", "column", "code", "message", "hint"} <= set(p) for p in problems)
    answer = edit(client, "add", {"fields": {**NEW, "perspective": "legl"}})
    perspective = [p for p in answer.json()["problems"] if p["field"] == "perspective"]
    assert perspective and perspective[0]["hint"] == "did you mean 'legal'?"
    assert sorted(p.name for p in root.rglob("*.yaml")) == before


def test_link_and_unlink_change_only_the_list(served) -> None:
    client, root = served
    assert (
        edit(client, "link", {"source": "a", "relation": "opposes", "target": "t"}).status_code == 422
    )  # both
    edit(client, "add", {"fields": NEW})
    assert (
        edit(
            client, "link", {"source": "a", "relation": "supports", "target": "raids-push-work-out-of-sight"}
        ).json()["result"]
        is True
    )
    assert "raids-push-work-out-of-sight" in (root / "legal" / "a.yaml").read_text(encoding="utf-8")
    gone = edit(
        client, "unlink", {"source": "a", "relation": "supports", "target": "raids-push-work-out-of-sight"}
    )
    assert gone.status_code == 200
    missing = edit(client, "unlink", {"source": "a", "relation": "opposes", "target": "t"})
    assert missing.status_code == 422 and missing.json()["problems"][0]["code"] == "DM033"


def test_new_perspectives_and_sources_can_be_used_at_once(served) -> None:
    client, root = served
    bad = edit(
        client, "addPerspective", {"id": "Sex Workers", "fields": {"name": "Sex workers", "colour": "red"}}
    )
    assert {p["field"] for p in bad.json()["problems"]} >= {"colour"}
    assert (
        edit(
            client, "addPerspective", {"id": "workers", "fields": {"name": "Workers", "colour": "#aa3377"}}
        ).status_code
        == 200
    )
    assert (
        edit(client, "addSource", {"id": "s2", "fields": {"title": "Second", "file": "s1.txt"}}).status_code
        == 200
    )
    answer = edit(client, "add", {"fields": {**NEW, "perspective": "workers", "source": "s2"}})
    assert answer.status_code == 200, answer.text
    data = client.get("/api/map").json()["data"]
    assert "workers" in {p["id"] for p in data["perspectives"]} and "s2" in data["sources"]


def test_unknown_operations_and_bad_arguments_are_refused(served) -> None:
    client, _ = served
    assert edit(client, "format_disk", {}).status_code == 404
    assert edit(client, "link", {"source": 1, "relation": "supports", "target": "t"}).status_code == 400
    assert edit(client, "add", {"fields": "title"}).status_code == 400


def test_a_file_saved_with_an_error_keeps_the_last_map_and_reports_where(served) -> None:
    client, root = served
    good = client.get("/api/map").json()
    (root / "legal" / "a.yaml").write_text("id: a\nkind: argument\ntitle: [unclosed\n", encoding="utf-8")
    client.portal.call(client.app.state.live.refresh)
    broken = client.get("/api/map").json()
    assert broken["version"] == good["version"] + 1
    assert broken["data"] == good["data"]  # the last good map stays
    problem = broken["problems"][0]
    assert (
        problem["path"] == "arguments/legal/a.yaml" and problem["line"] in (3, 4) and problem["column"] >= 1
    )
    # The editing layer refuses only errors a change would bring; the page keeps showing the file's.
    assert edit(client, "add", {"fields": NEW}).status_code == 200
    assert client.get("/api/map").json()["problems"][0]["path"] == "arguments/legal/a.yaml"
    (root / "legal" / "a.yaml").write_text(
        "id: a\nkind: argument\ntitle: Fixed\ntext: T.\nperspective: legal\nsource: s1\n"
        "quote: q\nsupports: [t]\n",
        encoding="utf-8",
    )
    client.portal.call(client.app.state.live.refresh)
    fixed = client.get("/api/map").json()
    assert fixed["problems"] == [] and any(n["title"] == "Fixed" for n in fixed["data"]["nodes"])


def test_quote_search_returns_passages_verbatim(served) -> None:
    client, _ = served
    found = client.get("/api/sources/s1", params={"q": "raids sex work sight"}).json()["passages"]
    assert found[0]["text"] == "Police raids push sex work out of sight."
    assert found[0]["line"] == 2
    assert SOURCE_TEXT[found[0]["start"] : found[0]["end"]] == found[0]["text"]
    assert client.get("/api/sources/s1").json()["text"] == SOURCE_TEXT
    assert client.get("/api/sources").json()["sources"] == [
        {"id": "s1", "title": "A source", "hasText": True}
    ]


def test_passages_are_found_in_a_long_text_quickly() -> None:
    text = "Filler words about nothing much at all. " * 20000 + "The needle sentence is here."
    started = time.perf_counter()
    found = passages(text, "needle sentence")
    assert found[0]["text"] == "The needle sentence is here."
    assert time.perf_counter() - started < 5  # linear: a pathological search would take minutes


def test_stats_counts_what_each_contributor_added(make_map: Callable[..., Path], capsys) -> None:
    root = make_map()
    for i, who in enumerate(["Ana", "Ben", "Ana"]):
        add_node(root, {**NEW, "title": f"Reason {i}", "quote": "A quoted sentence.", "contributor": who})
    capsys.readouterr()
    assert main(["stats", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["by_contributor"] == {"Ana": 2, "Ben": 1}
    assert main(["stats", str(root)]) == 0
    assert "Added by contributor (debatemap serve --class): Ana 2, Ben 1" in capsys.readouterr().out


def test_the_command_prints_the_address_first_and_keeps_secrets_out_of_its_output(make_map, tmp_path) -> None:
    root = make_map()
    command = [
        sys.executable,
        "-m",
        "debatemap",
        "serve",
        str(root),
        "--port",
        "0",
        "--class",
        "--host",
        "127.0.0.1",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline().strip()
        join = process.stdout.readline().strip()
        assert first.startswith("http://127.0.0.1:") and "/?token=" in first
        code = join.rsplit(" ", 1)[1]
        token = first.split("token=")[1]
        base = first.split("/?")[0]
        with httpx.Client(base_url=base) as client:
            assert client.get(f"/?token={token}").status_code == 303
            assert client.post("/api/join", json={"name": "Ana", "code": code}).status_code == 200
            assert client.get(f"/join?code={code}").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        # Read through the same buffered streams readline used (communicate() would skip what
        # they already hold); a stuck server is killed rather than hanging the test.
        watchdog = threading.Timer(20, process.kill)
        watchdog.start()
        out, err = process.stdout.read(), process.stderr.read()
        process.wait()
        watchdog.cancel()
    assert process.returncode == 0
    rest = out + err
    assert token not in rest and rest.count(code) == 0, rest  # no access log, no echo of secrets
    assert "stopped" in out
    assert "scan this" in out and sum(out.count(c) for c in "\u2580\u2584\u2588") > 100  # the QR code


def test_serve_refuses_another_host_without_class_and_a_missing_folder(make_map, capsys) -> None:
    root = make_map()
    assert main(["serve", str(root), "--host", "0.0.0.0"]) == 2
    assert "--class" in capsys.readouterr().err
    assert main(["serve", str(root / "nope")]) == 2
    assert os.path.isdir(root)


def test_update_and_remove_go_through_the_editing_layer(served) -> None:
    client, root = served
    changed = edit(client, "update", {"id": "a", "fields": {"title": "A better title", "tags": ["policing"]}})
    assert changed.status_code == 200 and changed.json()["result"] == "a"
    text = (root / "legal" / "a.yaml").read_text(encoding="utf-8")
    assert "title: A better title" in text and "policing" in text
    refused = edit(client, "update", {"id": "a", "fields": {"text": ""}})
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "text"
    assert edit(client, "update", {"id": "a", "fields": {"contributor": "Me"}}).status_code == 422
    edit(client, "add", {"fields": NEW})
    edit(client, "link", {"source": "a", "relation": "supports", "target": "raids-push-work-out-of-sight"})
    kept = edit(client, "remove", {"id": "raids-push-work-out-of-sight"})
    assert kept.status_code == 422  # 'a' still refers to it
    assert (root / "legal" / "raids-push-work-out-of-sight.yaml").exists()
    assert edit(client, "remove", {"id": "raids-push-work-out-of-sight", "unlink": True}).status_code == 200
    assert not (root / "legal" / "raids-push-work-out-of-sight.yaml").exists()
    assert "raids-push-work-out-of-sight" not in (root / "legal" / "a.yaml").read_text(encoding="utf-8")
    assert "raids-push-work-out-of-sight" not in node_ids(client)
    assert main(["check", str(root)]) == 0


def test_a_source_that_is_part_of_its_file_offers_only_its_part(make_map: Callable[..., Path]) -> None:
    sources = (
        's1: {title: "A source", file: s1.txt}\ncomments: {title: Comments, file: s1.txt, lines: "3-"}\n'
    )
    root = make_map({"sources.yaml": sources})
    (root / "sources").mkdir()
    (root / "sources" / "s1.txt").write_text(
        "The article. A quoted sentence.\nMore of the article.\nA comment about raids.\nAnother comment.\n",
        encoding="utf-8",
    )
    config = ServeConfig(root.resolve(), (root / "sources").resolve(), PORT, watch=False)
    guard = Guard(PORT)
    with TestClient(create_app(config, guard), base_url=f"http://127.0.0.1:{PORT}") as client:
        client.get(f"/?token={guard.token}")
        assert (
            client.get("/api/sources/comments").json()["text"] == "A comment about raids.\nAnother comment.\n"
        )
        found = client.get("/api/sources/comments", params={"q": "comment raids"}).json()["passages"]
        assert found[0] == {**found[0], "text": "A comment about raids.", "line": 3}  # the file's line
        assert all("article" not in p["text"] for p in found)


def test_the_fingerprint_walks_each_folder_once_through_symlink_loops(make_map: Callable[..., Path]) -> None:
    """Two links to '.' made os.walk(followlinks=True) visit 2^40 paths: the server never started."""
    from debatemap.serve.live import files_fingerprint

    root = make_map({"legal/b.yml": "id: b\n"})
    (root / "loop1").symlink_to(".", target_is_directory=True)
    (root / "legal" / "loop2").symlink_to("..", target_is_directory=True)
    found: list[tuple[tuple[str, int, int], ...]] = []
    walker = threading.Thread(target=lambda: found.append(files_fingerprint(root)), daemon=True)
    walker.start()
    walker.join(10)
    assert found, "the walk did not end"
    names = sorted(Path(path).relative_to(root).as_posix() for path, _, _ in found[0])
    assert names == sorted(p.relative_to(root).as_posix() for p in root.rglob("*.y*ml")), names
    assert "legal/b.yml" in names  # a .yml node is read by the reader, so its changes count too


def test_forwarded_headers_do_not_change_the_address_the_join_limit_counts(make_map) -> None:
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default: one address per wrong code
    would have made the ten-a-minute limit endless for anything on the teacher's machine."""
    from debatemap.serve.security import JOIN_TRIES
    from serve_support import running_server

    with running_server(make_map(), classroom=True, watch=False) as server:
        for attempt in range(JOIN_TRIES + 1):
            answer = httpx.post(server.url("/api/join"), json={"name": "Eve", "code": "AAAAAA"},
                                headers={"x-forwarded-for": f"10.9.0.{attempt}"}, timeout=10)  # fmt: skip
            assert answer.status_code == (403 if attempt < JOIN_TRIES else 429), (attempt, answer.status_code)
