"""The serve page's upload: a document becomes a source, as ``add-source --from``, for the teacher only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from debatemap import read_map
from debatemap.serve import upload
from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import Guard
from document_support import WEB_ARTICLE, make_encrypted_pdf, make_pdf, make_web_page
from edit_support import tree_digest

PORT = 8766


def client_for(root: Path, classroom: bool = False, read_only: bool = False) -> tuple[TestClient, Guard]:
    config = ServeConfig(
        root.resolve(),
        (root / "sources").resolve(),
        PORT,
        classroom=classroom,
        read_only=read_only,
        watch=False,
    )
    guard = Guard(PORT, classroom, read_only)
    return TestClient(create_app(config, guard), base_url=f"http://127.0.0.1:{PORT}"), guard


@pytest.fixture
def teacher(make_map: Callable[..., Path]) -> Iterator[tuple[TestClient, Path]]:
    root = make_map()
    client, guard = client_for(root)
    with client:
        client.get(f"/?token={guard.token}")
        yield client, root


def send(client: TestClient, ident: str, path: Path, **fields: str):  # type: ignore[no-untyped-def]
    files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
    return client.post("/api/upload-source", data={"id": ident, **fields}, files=files)


def test_an_uploaded_page_becomes_a_source_with_its_text(teacher, tmp_path: Path) -> None:
    client, root = teacher
    before = client.get("/api/map").json()["version"]
    answer = send(client, "gazette", make_web_page(tmp_path / "page.html"), publisher="City Gazette")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["result"] == "gazette" and body["version"] == before + 1
    assert body["report"][0].startswith("extracted from a web page")
    text = (root / "sources" / "gazette.txt").read_text(encoding="utf-8")
    assert WEB_ARTICLE[0] in text and "cookies" not in text
    source = read_map(root)[0].sources["gazette"]
    assert (source.title, source.publisher, source.original) == (
        "Streets without cars",
        "City Gazette",
        "page.html",
    )
    # The quote picker searches the extracted text.
    found = client.get("/api/sources/gazette", params={"q": "quieter safer children"}).json()
    assert WEB_ARTICLE[0] in found["passages"][0]["text"]


def test_an_unreadable_upload_is_refused_and_nothing_written(teacher, tmp_path: Path) -> None:
    client, root = teacher
    before = tree_digest(root)
    pdf = make_encrypted_pdf(tmp_path / "locked.pdf", make_pdf(tmp_path / "open.pdf"))
    answer = send(client, "locked", pdf)
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert "encrypted" in problem["message"] and problem["field"] == "file"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert send(client, "empty", empty).status_code == 422
    bad_id = send(client, "Not A Slug", make_web_page(tmp_path / "p.html"))
    assert bad_id.status_code == 422 and bad_id.json()["problems"][0]["field"] == "id"
    assert tree_digest(root) == before


def test_an_upload_over_the_cap_is_refused_before_it_is_read(teacher, tmp_path: Path, monkeypatch) -> None:
    client, root = teacher
    monkeypatch.setattr(upload, "UPLOAD_MAX", 2000)
    before = tree_digest(root)
    big = tmp_path / "big.txt"
    big.write_text("A sentence of the document. " * 200, encoding="utf-8")
    answer = send(client, "big", big)
    assert answer.status_code == 413 and "over the limit" in answer.json()["problems"][0]["message"]
    assert tree_digest(root) == before


def test_only_the_teacher_uploads_in_class_mode(make_map: Callable[..., Path], tmp_path: Path) -> None:
    root = make_map()
    client, guard = client_for(root, classroom=True)
    page = make_web_page(tmp_path / "page.html")
    with client:
        assert send(client, "page", page).status_code == 401  # no session at all
        client.cookies.set(guard.cookie, guard.new_session("Sam"))
        refused = send(client, "page", page)
        assert refused.status_code == 403 and "only the teacher" in refused.json()["problems"][0]["message"]
        assert not (root / "sources" / "page.txt").exists()
        client.cookies.clear()
        client.get(f"/?token={guard.token}")
        assert send(client, "page", page).status_code == 200


def test_a_read_only_server_takes_no_upload(make_map: Callable[..., Path], tmp_path: Path) -> None:
    root = make_map()
    client, guard = client_for(root, read_only=True)
    with client:
        client.get(f"/?token={guard.token}")
        assert send(client, "page", make_web_page(tmp_path / "page.html")).status_code == 403


def test_an_upload_must_be_a_form(teacher) -> None:
    client, _ = teacher
    assert client.post("/api/upload-source", json={"id": "x"}).status_code == 415
    missing = client.post("/api/upload-source", data={"id": "x"}, files={"other": ("a.txt", b"x")})
    assert missing.status_code == 400
