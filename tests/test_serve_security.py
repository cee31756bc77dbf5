"""debatemap serve refuses what it must: foreign hosts, other sites, writes without the token, paths out."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from debatemap.model import Source
from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import BODY_MAX, JOIN_TRIES, TOKEN_HEADER, Guard
from debatemap.serve.sources import source_text

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
ADD = {"fields": {"title": "New", "text": "New text.", "perspective": "legal", "source": "s1",
                  "quote": "A quoted sentence.", "supports": ["t"]}}  # fmt: skip
# Every route, with a method it answers to.
ROUTES = [("GET", "/"), ("GET", "/join"), ("POST", "/api/join"), ("GET", "/api/session"),
          ("POST", "/api/name"), ("GET", "/api/map"), ("GET", "/api/events"), ("GET", "/api/sources"),
          ("GET", "/api/sources/s1"), ("POST", "/api/edit/add")]  # fmt: skip


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def serve(make_map: Callable[..., Path]) -> Iterator[Callable[..., tuple[TestClient, Guard, Path]]]:
    clients: list[TestClient] = []

    def start(
        classroom: bool = False, read_only: bool = False, files: dict[str, str | None] | None = None
    ) -> tuple[TestClient, Guard, Path]:
        root = make_map(files)
        config = ServeConfig(root.resolve(), (root / "sources").resolve(), PORT,
                             read_only=read_only, classroom=classroom, watch=False)  # fmt: skip
        guard = Guard(PORT, classroom, read_only)
        client = TestClient(create_app(config, guard), base_url=BASE, follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return client, guard, root

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def login(client: TestClient, guard: Guard) -> None:
    answer = client.get(f"/?token={guard.token}")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert guard.token not in answer.headers.get("set-cookie", "")


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "192.168.1.20", ""])
def test_a_foreign_host_is_refused_on_every_route(serve, method: str, path: str, host: str) -> None:
    client, guard, _ = serve()
    answer = client.request(method, path, headers={"host": host, TOKEN_HEADER: guard.token})
    assert answer.status_code == 403
    assert "Host" in answer.json()["problems"][0]["message"]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_cross_site_origin_is_refused_on_every_route(serve, method: str, path: str) -> None:
    client, guard, _ = serve()
    for origin in ("http://evil.example", "null", f"http://localhost:{PORT + 1}"):
        answer = client.request(method, path, headers={"origin": origin, TOKEN_HEADER: guard.token})
        assert answer.status_code == 403, origin
    answer = client.request(method, path, headers={"sec-fetch-site": "cross-site", TOKEN_HEADER: guard.token})
    assert answer.status_code == 403


def test_the_servers_own_origin_and_loopback_names_are_accepted(serve) -> None:
    client, guard, _ = serve()
    for host in (f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}"):
        answer = client.get(
            "/api/map", headers={"host": host, "origin": f"http://{host}", TOKEN_HEADER: guard.token}
        )
        assert answer.status_code == 200, host


def test_a_write_needs_the_token_and_writes_nothing_without_it(serve) -> None:
    client, guard, root = serve()
    before = files_of(root)
    assert client.post("/api/edit/add", json=ADD).status_code == 401
    assert client.post("/api/edit/add", json=ADD, headers={TOKEN_HEADER: "wrong"}).status_code == 401
    client.cookies.set(guard.cookie, "made-up-session")
    assert client.post("/api/edit/add", json=ADD).status_code == 401
    assert files_of(root) == before
    client.cookies.clear()
    login(client, guard)
    answer = client.post("/api/edit/add", json=ADD)
    assert answer.status_code == 200, answer.text
    assert (root / "legal" / "new.yaml").is_file()


def test_the_token_in_the_address_becomes_an_http_only_same_site_cookie(serve) -> None:
    client, guard, _ = serve()
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong").status_code == 403
    answer = client.get(f"/?token={guard.token}")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and guard.token not in cookie
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert client.get("/").status_code == 200


def test_read_only_serves_the_map_and_refuses_every_change(serve) -> None:
    client, guard, root = serve(read_only=True)
    login(client, guard)
    before = files_of(root)
    assert client.get("/api/map").json()["data"]["nodes"]
    for operation, body in (("add", ADD), ("link", {"source": "a", "relation": "opposes", "target": "t"})):
        answer = client.post(f"/api/edit/{operation}", json=body)
        assert answer.status_code == 403 and "read-only" in answer.json()["problems"][0]["message"]
    assert files_of(root) == before


def test_bodies_are_json_objects_under_the_size_cap(serve) -> None:
    client, guard, root = serve()
    login(client, guard)
    before = files_of(root)
    big = {"fields": {**ADD["fields"], "text": "x" * (BODY_MAX + 1)}}
    assert client.post("/api/edit/add", json=big).status_code == 413
    assert (
        client.post(
            "/api/edit/add", content=b'{"fields": {}}', headers={"content-type": "text/plain"}
        ).status_code
        == 415
    )
    form = client.post("/api/edit/add", data={"fields": "x"})
    assert form.status_code == 415
    assert (
        client.post(
            "/api/edit/add", content=b"[1, 2]", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/edit/add", content=b"{nope", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )
    assert files_of(root) == before


def test_the_page_allows_only_its_own_scripts_and_its_own_server(serve) -> None:
    client, guard, _ = serve(files={"legal/a.yaml": None, "legal/x.yaml": """\
        id: x
        kind: argument
        title: "<script>alert(1)</script> & </script>"
        text: "<img src=x onerror=alert(2)>"
        perspective: legal
        source: s1
        quote: "q"
        supports: [t]
        """})  # fmt: skip
    login(client, guard)
    page = client.get("/").text
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "connect-src 'self'" in csp and "default-src 'none'" in csp
    script_src = re.search(r"script-src ([^;]+);", csp).group(1).split()
    assert script_src and all(s.startswith("'sha256-") for s in script_src)
    inline = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline
    }
    assert hashes == set(script_src) and len(inline) == 3  # vis-network, map.js, serve.js: nothing else
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "frame-ancestors 'none'" in client.get("/").headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    ["/api/sources/..%2F..%2Fetc%2Fpasswd", "/api/sources/../../etc/passwd", "/api/sources/outside",
     "/api/sources/linked", "/api/sources/nope", "/api/sources/%2Fetc%2Fpasswd",
     "/../../etc/passwd", "/arguments/sources.yaml", "/perspectives.yaml"],
)  # fmt: skip
def test_nothing_outside_the_sources_folder_can_be_read(serve, tmp_path: Path, path: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    sources = """\
        s1: {title: "A source", file: s1.txt}
        linked: {title: Linked, file: linked.txt}
        """
    client, guard, root = serve(files={"sources.yaml": sources})
    (root / "sources").mkdir()
    (root / "sources" / "s1.txt").write_text("A quoted sentence. Another one.", encoding="utf-8")
    (root / "sources" / ".hidden.txt").write_text("SECRET", encoding="utf-8")
    os.symlink(secret, root / "sources" / "linked.txt")
    login(client, guard)
    answer = client.get(path)
    assert answer.status_code in (404, 401), answer.text
    assert "SECRET" not in answer.text
    assert client.get("/api/sources/s1").json()["text"] == "A quoted sentence. Another one."


def test_a_hostile_sources_yaml_names_no_file_outside_the_folder(tmp_path: Path) -> None:
    # check refuses such a sources.yaml, so a served map never has it; the reader refuses it anyway.
    folder = tmp_path / "sources"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (folder / ".hidden.txt").write_text("SECRET", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", folder / "linked.txt")
    os.mkfifo(folder / "pipe.txt")
    hostile = {"up": "../secret.txt", "absolute": str(tmp_path / "secret.txt"), "hidden": ".hidden.txt",
               "linked": "linked.txt", "pipe": "pipe.txt", "folder": ".", "none": None}  # fmt: skip
    sources = {ident: Source(ident, ident, file=name) for ident, name in hostile.items()}
    for ident in [*hostile, "../up", "UP"]:
        assert source_text(folder, sources, ident) is None, ident


def test_class_mode_needs_the_join_code_and_records_the_name(serve) -> None:
    client, guard, root = serve(classroom=True)
    assert client.get("/").headers["location"] == "/join"
    assert client.get("/join").status_code == 200
    assert client.post("/api/edit/add", json=ADD).status_code == 401
    wrong = client.post("/api/join", json={"name": "Ana", "code": "WRONG1"})
    assert wrong.status_code == 403 and wrong.json()["problems"][0]["field"] == "code"
    nameless = client.post("/api/join", json={"name": "  ", "code": guard.join_code})
    assert nameless.status_code == 400 and nameless.json()["problems"][0]["field"] == "name"
    joined = client.post("/api/join", json={"name": "Ana  B", "code": guard.join_code.lower()})
    assert joined.status_code == 200 and guard.join_code not in joined.headers["set-cookie"]
    # A contributor typed into the form does not count: the session's name does.
    answer = client.post("/api/edit/add", json={"fields": {**ADD["fields"], "contributor": "Someone else"}})
    assert answer.status_code == 200, answer.text
    assert "contributor: Ana B" in (root / "legal" / "new.yaml").read_text(encoding="utf-8")
    node = next(n for n in client.get("/api/map").json()["data"]["nodes"] if n["id"] == "new")
    assert node["contributor"] == "Ana B"


def test_class_mode_accepts_ip_hosts_but_not_names_and_local_mode_only_loopback(serve) -> None:
    local, guard, _ = serve()
    assert (
        local.get("/api/map", headers={"host": f"192.168.1.20:{PORT}", TOKEN_HEADER: guard.token}).status_code
        == 403
    )
    classroom, guard, _ = serve(classroom=True)
    assert classroom.get("/join", headers={"host": f"192.168.1.20:{PORT}"}).status_code == 200
    assert classroom.get("/join", headers={"host": f"rebound.example:{PORT}"}).status_code == 403


def test_wrong_join_codes_are_rate_limited(serve) -> None:
    client, guard, _ = serve(classroom=True)
    for _ in range(JOIN_TRIES):
        assert client.post("/api/join", json={"name": "Eve", "code": "AAAAAA"}).status_code == 403
    blocked = client.post("/api/join", json={"name": "Eve", "code": guard.join_code})
    assert blocked.status_code == 429


def test_wrong_join_codes_sent_at_once_are_rate_limited_too(make_map: Callable[..., Path]) -> None:
    """Twenty wrong codes whose bodies arrive together: only JOIN_TRIES are checked, the rest get 429
    (the limit was once checked before the body was read, so every held-back request passed it)."""
    import asyncio
    import json

    root = make_map(None)
    config = ServeConfig(root, root / "sources", PORT, classroom=True, watch=False)
    guard = Guard(PORT, classroom=True)
    app = create_app(config, guard)
    body = json.dumps({"name": "Eve", "code": "AAAAAA"}).encode()

    async def one(release: asyncio.Event) -> int:
        status: list[int] = []

        async def receive() -> dict[str, object]:
            await release.wait()  # the body is held back until every request has started
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))  # type: ignore[call-overload]

        scope = {"type": "http", "method": "POST", "path": "/api/join", "raw_path": b"/api/join",
                 "query_string": b"", "scheme": "http", "client": ("10.0.0.9", 5000),
                 "server": ("127.0.0.1", PORT), "http_version": "1.1", "root_path": "",
                 "headers": [(b"host", f"127.0.0.1:{PORT}".encode()),
                             (b"content-type", b"application/json")]}  # fmt: skip
        await app(scope, receive, send)
        return status[0]

    async def burst() -> list[int]:
        release = asyncio.Event()
        tasks = [asyncio.create_task(one(release)) for _ in range(2 * JOIN_TRIES)]
        await asyncio.sleep(0.05)
        release.set()
        return list(await asyncio.gather(*tasks))

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in
    # this one, and asyncio.run() refuses to start inside a running loop.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        statuses = pool.submit(asyncio.run, burst()).result(timeout=60)
    assert statuses.count(403) == JOIN_TRIES and statuses.count(429) == JOIN_TRIES, statuses


def test_deeply_nested_json_is_a_bad_request_not_a_server_error(serve) -> None:
    client, guard, root = serve(classroom=True)
    before = files_of(root)
    nested = b'{"code": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"  # under the size cap, too deep to parse
    for path in ("/api/join", "/api/edit/add"):  # /api/join reads the body before any session exists
        headers = {"content-type": "application/json", TOKEN_HEADER: guard.token}
        answer = client.post(path, content=nested, headers=headers)
        assert answer.status_code == 400, (path, answer.status_code)
        assert answer.json()["problems"][0]["message"] == "the request is not valid JSON"
    assert files_of(root) == before


@pytest.mark.parametrize("since", ["\u00b2", "9" * 5000, "-1", "12"])
def test_any_since_opens_the_event_stream_and_a_strange_one_counts_as_zero(serve, since: str) -> None:
    """'²'.isdigit() is true and int() refuses 5,000 digits: both were a 500 with a traceback."""
    client, guard, _ = serve()
    auth = {TOKEN_HEADER: guard.token}
    with client.stream("GET", "/api/events", params={"since": since}, headers=auth) as answer:
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/event-stream")
        first = next(answer.iter_lines())
        # version 1 is newer than 0 (a strange 'since'), so the whole map comes first; '12' is the future
        assert first == (": connected" if since == "12" else "event: map"), first


def test_a_content_length_that_is_not_ascii_digits_is_refused_cleanly(serve) -> None:
    client, guard, _ = serve()
    for declared in (b"\xb2", b"9" * 5000):  # '\xb2' is latin-1 for '²'; h11 refuses both, others may not
        answer = client.post("/api/edit/add", content=b"{}",
                             headers={"content-type": "application/json", "content-length": declared,
                                      TOKEN_HEADER: guard.token})  # fmt: skip
        assert answer.status_code == 413, (declared[:5], answer.status_code)


def test_in_class_mode_a_student_changes_only_their_own_claims_and_the_teacher_anything(serve) -> None:
    ana, guard, root = serve(classroom=True)
    assert ana.post("/api/join", json={"name": "Ana", "code": guard.join_code}).status_code == 200
    assert ana.post("/api/edit/add", json=ADD).status_code == 200  # 'new', added by Ana
    ben = TestClient(ana.app, base_url=BASE, follow_redirects=False)
    with ben:
        assert ben.post("/api/join", json={"name": "Ben", "code": guard.join_code}).status_code == 200
        before = files_of(root)
        for operation, body in [
            ("update", {"id": "new", "fields": {"title": "Ben's now"}}),
            ("remove", {"id": "new", "unlink": True}),
            ("remove", {"id": "t", "unlink": True}),  # the teacher's thesis
            ("update", {"id": "a", "fields": {"title": "Rewritten"}}),
            ("link", {"source": "a", "relation": "opposes", "target": "new"}),
        ]:
            answer = ben.post(f"/api/edit/{operation}", json=body)
            assert answer.status_code == 403, (operation, answer.text)
            assert "only the claims you added" in answer.json()["problems"][0]["message"]
        assert files_of(root) == before
        # Ben may still argue with Ana's claim: his own new node links to it.
        reply = {"fields": {**ADD["fields"], "id": "reply", "title": "A reply", "opposes": ["new"]}}
        reply["fields"].pop("supports", None)
        assert ben.post("/api/edit/add", json=reply).status_code == 200, "a reply is allowed"
    own = ana.post("/api/edit/update", json={"id": "new", "fields": {"title": "Ana's, edited"}})
    assert own.status_code == 200, own.text
    teacher = TestClient(ana.app, base_url=BASE, follow_redirects=False)
    with teacher:
        login(teacher, guard)
        assert teacher.post("/api/edit/remove", json={"id": "new", "unlink": True}).status_code == 200


@pytest.mark.parametrize("host", [f"[::1]evil.example:{PORT}", "[::1]evil.example", "[::1]:x", "[::1"])
def test_a_bracketed_host_with_anything_after_it_but_a_port_is_refused(serve, host: str) -> None:
    client, guard, _ = serve()
    answer = client.get("/api/map", headers={"host": host, TOKEN_HEADER: guard.token})
    assert answer.status_code == 403
    assert (
        client.get("/api/map", headers={"host": f"[::1]:{PORT}", TOKEN_HEADER: guard.token}).status_code
        == 200
    )


def test_one_address_joining_again_and_again_pushes_out_no_one(serve) -> None:
    from debatemap.serve.security import SESSIONS_PER_CLIENT

    teacher, guard, _ = serve(classroom=True)
    login(teacher, guard)
    ana = TestClient(teacher.app, base_url=BASE, follow_redirects=False, client=("10.0.0.7", 5000))
    flood = TestClient(teacher.app, base_url=BASE, follow_redirects=False, client=("10.0.0.9", 5000))
    with ana, flood:
        assert ana.post("/api/join", json={"name": "Ana", "code": guard.join_code}).status_code == 200
        statuses = []
        for i in range(SESSIONS_PER_CLIENT + 30):
            flood.cookies.clear()
            statuses.append(
                flood.post("/api/join", json={"name": f"Eve {i}", "code": guard.join_code}).status_code
            )
        assert statuses == [200] * SESSIONS_PER_CLIENT + [429] * 30  # refused past the limit
        assert ana.get("/api/session").status_code == 200  # still in
        assert teacher.get("/api/session").status_code == 200
        assert sum((s.name or "").startswith("Eve") for s in guard.sessions.values()) == SESSIONS_PER_CLIENT
