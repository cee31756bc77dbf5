"""Class mode holds against its students: identities that cannot be borrowed, limits that never
push the teacher out, no secret on a command line, sessions that survive a restart (issue 20)."""

# ruff: noqa: F811 (the tests take the `serve` fixture imported from test_serve_security)
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import SESSIONS_PER_CLIENT, TOKEN_HEADER, Guard
from serve_support import running_server
from test_serve_security import ADD, BASE, PORT, files_of, login, serve  # noqa: F401


def student(app: object, guard: Guard, name: str, address: str = "10.0.0.7") -> TestClient:
    client = TestClient(app, base_url=BASE, follow_redirects=False, client=(address, 5000))
    client.__enter__()
    answer = client.post("/api/join", json={"name": name, "code": guard.join_code})
    assert answer.status_code == 200, answer.text
    return client


def added(client: TestClient, ident: str, **extra: object) -> None:
    fields = {**ADD["fields"], "id": ident, "title": f"Claim {ident}", **extra}
    answer = client.post("/api/edit/add", json={"fields": fields})
    assert answer.status_code == 200, answer.text


def problem(answer: httpx.Response) -> dict[str, object]:
    problems = answer.json()["problems"]
    assert len(problems) == 1
    assert problems[0]["code"] == "DM033"
    return problems[0]


def test_a_name_cannot_borrow_another_students_claims_and_refusals_name_no_one(serve) -> None:
    teacher, guard, root = serve(classroom=True)
    ana = student(teacher.app, guard, "Ana")
    added(ana, "anas")
    ben = student(teacher.app, guard, "Ben")
    before = files_of(root)
    # Taking Ana's name is refused, however it is written, at joining and afterwards ...
    for name in ("Ana", "ana", " ANA "):
        taken = ben.post("/api/name", json={"name": name})
        assert taken.status_code == 409 and problem(taken)["reason"] == "name-taken", taken.text
    thief = TestClient(teacher.app, base_url=BASE, follow_redirects=False)
    with thief:
        joined = thief.post("/api/join", json={"name": "Ana", "code": guard.join_code})
        assert joined.status_code == 409 and problem(joined)["field"] == "name"
    # ... and the name is not what owns a claim anyway: Ben cannot touch Ana's.
    for operation, body in [("update", {"id": "anas", "fields": {"title": "Ben's now"}}),
                            ("remove", {"id": "anas", "unlink": True}),
                            ("rename", {"old": "anas", "new": "bens"}),
                            ("link", {"source": "anas", "relation": "opposes", "target": "a"})]:  # fmt: skip
        answer = ben.post(f"/api/edit/{operation}", json=body)
        assert answer.status_code == 403, (operation, answer.text)
        refused = problem(answer)
        assert refused["reason"] == "not-yours"
        assert "Ana" not in answer.text and "added it" not in answer.text  # names no other person
    assert files_of(root) == before
    # Ana renames herself: her claim is still hers.
    assert ana.post("/api/name", json={"name": "Anna"}).status_code == 200
    assert (
        ana.post("/api/edit/update", json={"id": "anas", "fields": {"title": "Still Ana's"}}).status_code
        == 200
    )
    ana.__exit__(None, None, None)
    ben.__exit__(None, None, None)


def test_a_page_learns_which_claims_are_its_own_and_no_one_elses_owner(serve) -> None:
    teacher, guard, _ = serve(classroom=True)
    login(teacher, guard)
    ana, ben = student(teacher.app, guard, "Ana"), student(teacher.app, guard, "Ben")
    added(ana, "anas")
    added(ben, "bens")
    assert ana.get("/api/session").json()["mine"] == ["anas"]
    assert ben.get("/api/session").json()["mine"] == ["bens"]
    me = teacher.get("/api/session").json()
    assert me["teacher"] is True and me["mine"] is None
    ana_owner = next(s.owner for s in guard.sessions.values() if s.name == "Ana")
    for path in ("/", "/api/map", "/api/session", "/api/sources"):
        assert ana_owner not in ben.get(path).text, path
    with ben.stream("GET", "/api/events") as events:
        lines = events.iter_lines()
        assert ana_owner not in next(lines) + next(lines)
    ana.__exit__(None, None, None)
    ben.__exit__(None, None, None)


def test_only_the_teacher_adds_sources_and_perspectives_and_files_cannot_be_probed(serve, tmp_path) -> None:
    teacher, guard, root = serve(classroom=True)
    (root / "sources").mkdir()
    (root / "sources" / "answers.txt").write_text("The teacher's answer sheet.", encoding="utf-8")
    ana = student(teacher.app, guard, "Ana")
    before = files_of(root)
    for operation, body in [
        ("addSource", {"id": "peek", "fields": {"title": "Peek", "file": "answers.txt"}}),
        ("addSource", {"id": "probe", "fields": {"title": "Probe", "file": "nothing.txt"}}),
        ("addPerspective", {"id": "mine", "fields": {"name": "Mine"}}),
    ]:
        answer = ana.post(f"/api/edit/{operation}", json=body)
        assert answer.status_code == 403 and problem(answer)["reason"] == "teacher-only", answer.text
    assert files_of(root) == before
    # The text was never registered, so it is not there, exactly as a file that does not exist.
    peek, probe = ana.get("/api/sources/peek"), ana.get("/api/sources/probe")
    assert peek.status_code == probe.status_code == 404 and "answer sheet" not in peek.text
    login(teacher, guard)
    answer = teacher.post(
        "/api/edit/addSource", json={"id": "sheet", "fields": {"title": "Sheet", "file": "answers.txt"}}
    )
    assert answer.status_code == 200, answer.text
    ana.__exit__(None, None, None)


def test_a_hundred_joins_from_one_address_log_out_no_one_the_teacher_least(serve) -> None:
    teacher, guard, _ = serve(classroom=True)
    teacher_at = TestClient(teacher.app, base_url=BASE, follow_redirects=False, client=("10.0.0.9", 5000))
    with teacher_at:
        login(teacher_at, guard)  # the teacher's browser shares the flood's address
        ana = student(teacher.app, guard, "Ana", "10.0.0.9")
        flood = TestClient(teacher.app, base_url=BASE, follow_redirects=False, client=("10.0.0.9", 5000))
        with flood:
            statuses = []
            for i in range(SESSIONS_PER_CLIENT + 30):
                flood.cookies.clear()
                statuses.append(flood.post("/api/join", json={"name": f"Eve {i}", "code": guard.join_code}))
            refused = [a for a in statuses if a.status_code != 200]
            assert refused and all(a.status_code == 429 for a in refused)
            assert problem(refused[0])["reason"] == "too-many-joins"
        assert ana.get("/api/session").status_code == 200  # still in
        assert teacher_at.get("/api/session").json()["teacher"] is True
        assert (
            sum(s.client == "10.0.0.9" and not s.teacher for s in guard.sessions.values())
            == SESSIONS_PER_CLIENT
        )
        ana.__exit__(None, None, None)


def test_one_student_cannot_take_the_event_streams_and_the_teacher_always_gets_one(
    make_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import debatemap.serve.live as live

    monkeypatch.setattr(live, "SUBSCRIBERS_MAX", 6)  # the server's whole capacity, small for a test
    with running_server(make_map(), classroom=True) as server, contextlib.ExitStack() as streams:
        eve = httpx.Client(base_url=server.base, timeout=10)
        streams.enter_context(eve)
        assert eve.post("/api/join", json={"name": "Eve", "code": server.guard.join_code}).status_code == 200
        opened = []
        for _ in range(10):
            answer = streams.enter_context(eve.stream("GET", "/api/events"))
            opened.append(answer.status_code)
            if answer.status_code != 200:
                break
        assert opened[-1] != 200, opened
        # Fill the server from other students, then the teacher still gets live pages.
        for i in range(3):
            other = streams.enter_context(httpx.Client(base_url=server.base, timeout=10))
            other.post("/api/join", json={"name": f"S{i}", "code": server.guard.join_code})
            streams.enter_context(other.stream("GET", "/api/events"))
        teacher = streams.enter_context(httpx.Client(base_url=server.base, headers=server.auth, timeout=10))
        for _ in range(3):
            assert streams.enter_context(teacher.stream("GET", "/api/events")).status_code == 200
        from debatemap.serve.limits import STREAMS_PER_SESSION

        assert opened.count(200) == STREAMS_PER_SESSION and opened[-1] == 429, opened
        assert problem(httpx.Response(429, content=answer.read()))["reason"] == "too-many-pages"


def test_writes_per_minute_are_limited_per_student_and_never_for_the_teacher(serve) -> None:
    per_minute = 30  # limits.WRITES_PER_MINUTE, checked at the end
    teacher, guard, root = serve(classroom=True)
    ana = student(teacher.app, guard, "Ana")
    for i in range(per_minute):
        added(ana, f"ana-{i}")
    before = files_of(root)
    answer = ana.post("/api/edit/add", json={"fields": {**ADD["fields"], "id": "ana-x", "title": "One more"}})
    assert answer.status_code == 429 and problem(answer)["reason"] == "too-many-writes"
    assert files_of(root) == before
    login(teacher, guard)
    for i in range(per_minute + 2):
        added(teacher, f"teacher-{i}")
    ana.__exit__(None, None, None)
    from debatemap.serve.limits import WRITES_PER_MINUTE

    assert per_minute == WRITES_PER_MINUTE


def test_the_teacher_pauses_writing_for_everyone_and_resumes_it(serve) -> None:
    teacher, guard, root = serve(classroom=True)
    ana = student(teacher.app, guard, "Ana")
    assert ana.post("/api/class/pause", json={"paused": True}).status_code == 403
    login(teacher, guard)
    assert teacher.post("/api/class/pause", json={"paused": True}).json()["paused"] is True
    assert ana.get("/api/session").json()["paused"] is True
    before = files_of(root)
    answer = ana.post("/api/edit/add", json=ADD)
    assert answer.status_code == 423 and problem(answer)["reason"] == "paused"
    assert files_of(root) == before
    added(teacher, "teachers")  # the teacher still writes
    assert teacher.post("/api/class/pause", json={"paused": False}).status_code == 200
    added(ana, "anas")
    ana.__exit__(None, None, None)


def test_the_teacher_sees_who_joined_and_the_join_screen_and_a_student_does_not(serve) -> None:
    teacher, guard, _ = serve(classroom=True)
    ana = student(teacher.app, guard, "Ana")
    added(ana, "anas")
    assert ana.get("/api/class").status_code == 403
    login(teacher, guard)
    picture = teacher.get("/api/class").json()
    assert picture["code"] == guard.join_code and picture["join"].endswith("/join")
    assert picture["qr"].startswith("data:image/svg+xml")
    assert picture["students"] == [{"name": "Ana", "claims": 1}]
    assert set(picture) == {"join", "code", "qr", "paused", "students"}  # no session or owner ids
    ana.__exit__(None, None, None)


def test_sessions_owners_and_the_join_code_survive_a_restart(make_map: Callable[..., Path]) -> None:
    root = make_map(None)
    config = ServeConfig(root.resolve(), (root / "sources").resolve(), PORT, classroom=True, watch=False)
    first = Guard(PORT, classroom=True)
    with TestClient(create_app(config, first), base_url=BASE, follow_redirects=False) as ana:
        assert ana.post("/api/join", json={"name": "Ana", "code": first.join_code}).status_code == 200
        added(ana, "anas")
        cookie = ana.cookies.get(first.cookie)
    second = Guard(PORT, classroom=True)  # a new run: a new token, the same store
    with TestClient(create_app(config, second), base_url=BASE, follow_redirects=False) as again:
        assert second.join_code == first.join_code  # the code on the board still works
        again.cookies.set(second.cookie, cookie)
        me = again.get("/api/session")
        assert me.status_code == 200 and me.json()["name"] == "Ana" and me.json()["mine"] == ["anas"]
        assert (
            again.post("/api/edit/update", json={"id": "anas", "fields": {"title": "Kept"}}).status_code
            == 200
        )
    from debatemap.serve.store import FILE_NAME

    store = root / FILE_NAME
    assert store.is_file() and store.stat().st_mode & 0o077 == 0  # private to the teacher
    assert cookie not in store.read_bytes().decode("latin-1")  # only a digest of the session is kept
    # check and build do not see the store
    from debatemap.cli.main import main

    assert main(["check", str(root)]) == 0


def test_a_half_made_change_to_the_store_is_not_kept(make_map: Callable[..., Path]) -> None:
    from debatemap.serve.store import ClassStore, Session

    root = make_map(None)
    store = ClassStore.beside(root)
    store.add_session(Session("Ana", False, "owner-a", "10.0.0.7", 1e12, "digest-a"))
    with pytest.raises(sqlite3.IntegrityError):  # the same session twice: the insert fails whole
        store.add_session(Session("Ana", False, "owner-a", "10.0.0.7", 1e12, "digest-a"))
    assert list(ClassStore.beside(root).sessions) == ["digest-a"]


def test_serve_open_gives_the_browser_a_one_time_address_not_the_token(
    make_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import debatemap.cli.commands.serve as command
    from debatemap.cli.main import main

    opened: list[str] = []
    apps: list[object] = []

    class Now:  # the timer that opens the browser, run at once
        def __init__(self, _delay: float, function: Callable[..., object], args: tuple[object, ...]) -> None:
            self.call = lambda: function(*args)

        def start(self) -> None:
            self.call()

    monkeypatch.setattr(command.threading, "Timer", Now)
    monkeypatch.setattr(command.webbrowser, "open", opened.append)
    monkeypatch.setattr(command, "serve_forever", lambda app, sock: (apps.append(app), sock.close()))
    assert main(["serve", str(make_map()), "--port", "0", "--open"]) == 0
    printed = capsys.readouterr().out.splitlines()[0]
    token = printed.split("token=")[1]
    assert len(opened) == 1 and token not in opened[0] and "/open/" in opened[0]
    path = "/open/" + opened[0].rsplit("/open/", 1)[1]
    port = printed.split(":")[2].split("/")[0]
    with TestClient(apps[0], base_url=f"http://127.0.0.1:{port}", follow_redirects=False) as browser:
        first = browser.get(path)
        assert first.status_code == 303 and first.headers["location"] == "/"
        assert browser.get("/api/session").json()["teacher"] is True
        browser.cookies.clear()
        assert browser.get(path).status_code == 403  # once only
        assert browser.get("/api/session").status_code == 401


@pytest.mark.parametrize(("method", "path", "status", "reason"), [
    ("GET", "/nowhere", 404, "not-found"), ("POST", "/", 405, "wrong-method"),
    ("DELETE", "/api/edit/add", 405, "wrong-method"), ("POST", "/api/edit/nope", 404, "no-operation"),
    ("GET", "/api/map", 401, "join-first"), ("POST", "/api/edit/add", 401, "join-first"),
])  # fmt: skip
def test_every_refusal_is_a_json_problem_with_a_reason(
    serve, method: str, path: str, status: int, reason: str
) -> None:
    client, guard, _ = serve(classroom=True)
    if reason == "no-operation":
        client.headers[TOKEN_HEADER] = guard.token
    answer = client.request(method, path, json={})
    assert answer.status_code == status
    assert problem(answer)["reason"] == reason


def test_a_server_error_is_a_json_problem_and_writes_nothing(serve, monkeypatch: pytest.MonkeyPatch) -> None:
    from debatemap.serve import editing

    client, guard, root = serve()
    login(client, guard)
    before = files_of(root)

    def broken(*_args: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setitem(editing.OPERATIONS, "add", broken)
    answer = TestClient(
        client.app, base_url=BASE, raise_server_exceptions=False, headers={TOKEN_HEADER: guard.token}
    ).post("/api/edit/add", json=ADD)
    assert answer.status_code == 500 and problem(answer)["reason"] == "server-error"
    assert "a bug" not in answer.text and "Traceback" not in answer.text
    assert files_of(root) == before


def test_rename_moves_the_claim_its_links_and_its_owner(serve) -> None:
    teacher, guard, root = serve(classroom=True)
    ana = student(teacher.app, guard, "Ana")
    added(ana, "anas")
    answer = ana.post("/api/edit/rename", json={"old": "anas", "new": "anas-better"})
    assert answer.status_code == 200 and answer.json()["result"] == "anas-better", answer.text
    assert (root / "legal" / "anas-better.yaml").is_file() and not (root / "legal" / "anas.yaml").exists()
    assert ana.get("/api/session").json()["mine"] == ["anas-better"]
    taken = ana.post("/api/edit/rename", json={"old": "anas-better", "new": "a"})
    assert taken.status_code == 422 and taken.json()["problems"][0]["code"] == "DM011"
    assert taken.json()["problems"][0]["reason"] == "invalid-change"
    login(teacher, guard)
    assert teacher.post("/api/edit/rename", json={"old": "anas-better", "new": "renamed"}).status_code == 200
    assert ana.get("/api/session").json()["mine"] == ["renamed"]  # still hers
    ana.__exit__(None, None, None)


def test_joining_again_from_the_same_browser_keeps_its_claims(serve) -> None:
    teacher, guard, _ = serve(classroom=True)
    ana = student(teacher.app, guard, "Ana")
    added(ana, "anas")
    again = ana.post("/api/join", json={"name": "Ana K", "code": guard.join_code})
    assert again.status_code == 200 and "set-cookie" not in again.headers  # the same session
    assert ana.get("/api/session").json() | {"version": 0} == {
        "name": "Ana K", "classroom": True, "readOnly": False, "version": 0, "teacher": False,
        "mine": ["anas"], "paused": False,
    }  # fmt: skip
    ana.__exit__(None, None, None)


def test_a_damaged_store_is_left_alone_and_sessions_live_in_memory(
    make_map: Callable[..., Path], capsys
) -> None:
    from debatemap.serve.store import FILE_NAME

    root = make_map(None)
    (root / FILE_NAME).write_bytes(b"not a database" * 100)
    config = ServeConfig(root.resolve(), (root / "sources").resolve(), PORT, classroom=True, watch=False)
    guard = Guard(PORT, classroom=True)
    with TestClient(create_app(config, guard), base_url=BASE, follow_redirects=False) as ana:
        assert ana.post("/api/join", json={"name": "Ana", "code": guard.join_code}).status_code == 200
        added(ana, "anas")
        assert ana.get("/api/session").json()["mine"] == ["anas"]
    assert (root / FILE_NAME).read_bytes() == b"not a database" * 100
    assert "in memory only" in capsys.readouterr().err
