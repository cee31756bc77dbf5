"""Writing built files: all or nothing, and a clear error instead of a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import run_cli
from debatemap.store import write as output
from debatemap.store.write import write_outputs

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_writes_every_file_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    paths = write_outputs(tmp_path / "out", {"b.txt": "béta\n", "a.bin": b"\x00\x01"})
    assert [p.name for p in paths] == ["a.bin", "b.txt"]
    assert listing(tmp_path / "out") == {"a.bin": b"\x00\x01", "b.txt": "béta\n".encode()}


def test_a_failure_part_way_changes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"a.txt": "old a", "b.txt": "old b"})
    real_fdopen = output.os.fdopen
    calls = []

    def full_disk_on_second(fd, mode):  # type: ignore[no-untyped-def]
        calls.append(fd)
        if len(calls) == 2:
            output.os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, mode)

    monkeypatch.setattr(output.os, "fdopen", full_disk_on_second)
    with pytest.raises(OSError, match="cannot write") as raised:
        write_outputs(out, {"a.txt": "new a", "b.txt": "new b"})
    assert raised.value.filename == str(out / "b.txt")
    assert listing(out) == {"a.txt": b"old a", "b.txt": b"old b"}  # a.txt was staged, never renamed


def test_build_into_a_file_is_refused_clearly(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("keep me", encoding="utf-8")
    result = run("build", str(REPO / "arguments"), "-o", str(target), "--handout", "md")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the output folder is a file" in result.stderr and str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_build_refuses_before_writing_when_a_folder_is_in_the_way(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "handout.md").mkdir(parents=True)
    result = run("build", str(REPO / "arguments"), "-o", str(out), "--handout", "md")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "a folder stands where this file must be written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["handout.md"]  # debate_map.html was not written


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full to simulate a full disk")
def test_a_full_disk_on_standard_output_is_an_error_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "debatemap", "schema"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 1
    assert result.stderr.strip() == "debatemap schema: error: No space left on device"
