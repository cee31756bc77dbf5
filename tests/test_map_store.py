"""The store is an object: a map's lock, cache and crash hook live in a MapStore, not in a module.

Two stores share nothing; the journal calls the store's hook at every step of a change; and no
module of ``src/`` keeps state filled at run time, switches on the number of threads, or reads
an environment variable that only a test would set.
"""

from __future__ import annotations

import ast
import shutil
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from debatemap import edit
from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import Guard
from debatemap.store.journal import JOURNAL
from debatemap.store.mapstore import MapStore
from edit_support import tree_digest

SRC = Path(__file__).resolve().parent.parent / "src" / "debatemap"
REASON = {"title": "A reason", "text": "T.", "perspective": "legal", "source": "s1", "quote": "q"}


def _two_maps(make_map, tmp_path: Path) -> tuple[Path, Path]:
    first = make_map()
    second = tmp_path / "two" / "arguments"
    shutil.copytree(first, second)
    return first, second


def test_two_stores_for_two_maps_share_no_cache(make_map, tmp_path):
    first, second = _two_maps(make_map, tmp_path)
    one, two = MapStore(first, keep_cache=True), MapStore(second, keep_cache=True)
    debate, _ = one.read()
    assert one.cached_files == len(debate.nodes) > 0
    assert two.cached_files == 0  # reading one map filled nothing of the other's
    edit.add_node(two, {**REASON, "supports": ["t"]})
    assert two.cached_files > 0
    assert one.cached_files == len(debate.nodes)  # a change to the second left the first's cache
    assert "a-reason" not in one.read()[0].nodes and "a-reason" in two.read()[0].nodes


def test_a_store_made_for_a_path_keeps_nothing(make_map):
    root = make_map()
    store = MapStore(root)
    store.read()
    assert store.cached_files == 0
    assert MapStore.of(store) is store and MapStore.of(root) is not MapStore.of(root)


def test_the_journal_calls_the_stores_hook_at_every_step_and_only_that_stores(make_map, tmp_path):
    first, second = _two_maps(make_map, tmp_path)
    steps: list[int] = []
    others: list[int] = []
    watched = MapStore(first, crash_hook=steps.append)
    MapStore(second, crash_hook=others.append)  # a second store, hooked, never used
    edit.rename_node(second, "a", "plain")  # a change of several files to the other map, no hook
    edit.rename_node(watched, "a", "renamed")  # the claim's file and the file naming it: the journal
    assert steps == list(range(1, len(steps) + 1)) and len(steps) >= 5  # staged, each file, commit, ...
    assert others == []
    assert not (first / JOURNAL).exists()


def test_a_hook_stopping_a_change_before_its_commit_point_leaves_the_map_as_it_was(make_map):
    root = make_map()
    before = tree_digest(root)

    class Stopped(Exception):
        pass

    def stop_at_two(step: int) -> None:
        if step == 2:
            raise Stopped

    with pytest.raises(Stopped):
        edit.rename_node(MapStore(root, crash_hook=stop_at_two), "a", "renamed")
    assert tree_digest(root) == before  # taken back: no journal, no stage file left


def test_threads_sharing_a_store_queue_on_its_lock(make_map):
    root = make_map()
    store = MapStore(root, keep_cache=True)
    inside = 0
    most = 0
    guard = threading.Lock()
    errors: list[BaseException] = []

    def hold() -> None:
        nonlocal inside, most
        try:
            with store.locked():
                with guard:
                    inside += 1
                    most = max(most, inside)
                with store.locked() as outermost:  # re-entrant in one thread
                    assert not outermost
                threading.Event().wait(0.01)
                with guard:
                    inside -= 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hold) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and most == 1


def test_serve_keeps_one_store_for_its_writers_and_its_live_picture(make_map):
    root = make_map()
    config = ServeConfig(root.resolve(), (root / "sources").resolve(), 8767, watch=False)
    guard = Guard(8767)
    app = create_app(config, guard)
    store = app.state.live.store
    assert isinstance(store, MapStore) and store.root == root.resolve()
    with TestClient(app, base_url="http://127.0.0.1:8767") as client:
        client.get(f"/?token={guard.token}")
        kept = store.cached_files
        assert kept > 0  # the first picture was read through the server's store
        answer = client.post("/api/edit/add", json={"fields": {**REASON, "supports": ["t"]}})
        assert answer.json()["ok"] is True
        assert app.state.live.store is store and store.cached_files == kept + 1
    other = create_app(ServeConfig(root.resolve(), (root / "sources").resolve(), 8768, watch=False))
    assert other.state.live.store is not store  # two servers, two stores


# --- no module state in src/ ---------------------------------------------------------

MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "local", "Lock", "RLock"}
# Process-wide by nature, not a map's state: PDFium is one C library per process, not thread-safe,
# so every thread of the process (of any server or store) must take turns at it.
# The rule registries are filled while their module is imported (each rule's definition
# appends itself) and frozen right after into RULES and REFUSALS: tables, not run-time state.
ALLOWED = {
    ("extract/pdf.py", "_PDFIUM"),
    ("rules/codes.py", "_REGISTERED"),
    ("rules/refusals.py", "_REGISTERED"),
}
MAP_PARAMETERS = {"root", "path", "directory", "where", "store"}  # (a package's own "folder" is no map)


def _called(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return None


def _module_state(tree: ast.Module, where: str = "") -> list[str]:
    """Module-level names bound to containers filled at run time, or to thread-locals and locks
    (which only guard such state), and ``global`` statements anywhere."""
    found = []
    for statement in tree.body:
        value = getattr(statement, "value", None)
        if not isinstance(statement, (ast.Assign, ast.AnnAssign)) or value is None:
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if {(where, ast.unparse(t)) for t in targets} <= ALLOWED:
            continue
        empty = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
            getattr(value, "keys", None) or getattr(value, "elts", None)
        )
        made_empty = _called(value) in MUTABLE_CALLS and not (value.args or value.keywords)  # type: ignore[attr-defined]
        if empty or made_empty:
            found.append(f"line {statement.lineno}: {ast.unparse(statement)[:80]}")
    found += [
        f"line {n.lineno}: global {', '.join(n.names)}" for n in ast.walk(tree) if isinstance(n, ast.Global)
    ]
    return found


def _cached_on_a_map(tree: ast.Module, where: str = "") -> list[str]:
    """Functions memoised (``lru_cache``, ``cache``) on an argument that names a map or a file."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        names = {ast.unparse(d).split("(")[0].split(".")[-1] for d in node.decorator_list}
        taken = {a.arg for a in node.args.args + node.args.kwonlyargs}
        if names & {"lru_cache", "cache"} and taken & MAP_PARAMETERS:
            found.append(f"line {node.lineno}: {node.name}({', '.join(sorted(taken))})")
    return found


def _switches(tree: ast.Module, where: str = "") -> list[str]:
    """``threading.active_count()``, and any read of an environment variable named DEBATEMAP_*."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "active_count":
            found.append(f"line {node.lineno}: threading.active_count")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("DEBATEMAP_")
        ):
            found.append(f"line {node.lineno}: {node.value!r}")
    return found


def _src_findings(check) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    findings = {}
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC).as_posix()
        found = check(ast.parse(path.read_text(encoding="utf-8")), where)
        if found:
            findings[where] = found
    return findings


def test_no_module_keeps_state_filled_at_run_time():
    assert _src_findings(_module_state) == {}


def test_no_function_is_memoised_on_a_map_or_a_path():
    assert _src_findings(_cached_on_a_map) == {}


def test_production_code_has_no_thread_count_switch_and_reads_no_test_switch():
    assert _src_findings(_switches) == {}


@pytest.mark.parametrize(
    "source, check",
    [
        ("_CACHES: dict[str, int] = {}\n", _module_state),
        ("import threading\n_LOCK = threading.Lock()\n", _module_state),
        ("import threading\n_held = threading.local()\n", _module_state),
        ("_steps: list[int] = []\n", _module_state),
        ("def f():\n    global X\n", _module_state),
        ("import functools\n@functools.lru_cache\ndef read(root):\n    pass\n", _cached_on_a_map),
        ("import threading\nif threading.active_count() == 1:\n    pass\n", _switches),
        ("import os\nCRASH_ENV = 'DEBATEMAP_CRASH_AT'\nos.environ.get(CRASH_ENV)\n", _switches),
    ],
)
def test_the_checks_find_what_they_look_for(source, check):
    """Each check flags the pattern it forbids (so the three tests above can fail)."""
    assert check(ast.parse(source))


def test_a_change_naming_a_file_outside_the_stores_folder_is_refused_not_a_traceback(make_map, tmp_path):
    from debatemap.edit.core import ChangeRefused, commit, locked

    root = make_map()
    elsewhere = tmp_path / "elsewhere.yaml"
    before = tree_digest(root)
    with pytest.raises(ChangeRefused) as refused, locked(root) as store:
        commit(store, [(root / "legal" / "b.yaml", "id: b\n", True), (elsewhere, "x\n", True)])
    assert refused.value.problems[0].code == "DM039"
    assert tree_digest(root) == before and not elsewhere.exists()
