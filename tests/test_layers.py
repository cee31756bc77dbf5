"""The pipeline's shape holds: each stage imports only stages below it, with no cycles.

    model, rules  ->  store | extract  ->  validation  ->  graph  ->  render | interchange
                  ->  edit  ->  serve  ->  cli

Inside ``render`` the rooms hold the same way: ``map`` and ``handout`` stand apart
(neither imports the other, nor ``packet``), ``packet`` builds on ``handout`` only,
and all three share only ``render.common``. The server's own files live beside it.

A newcomer can read ``src/debatemap/`` top-down; a change in ``render`` can never
break ``check``. Every import counts, including the ones inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "debatemap"

# Lower numbers are lower layers; packages on one layer may not import each other.
LAYERS = {
    "model": 0,
    "rules": 1,
    "store": 2,
    "extract": 2,  # documents to text (add-source --from): an input boundary beside store
    "validation": 3,
    "graph": 4,
    "render": 5,
    "interchange": 5,
    "edit": 6,
    "serve": 7,
    "cli": 8,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported from it, line) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}:{node.lineno}: relative import; write it absolute"
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
    return found


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "debatemap" or len(parts) < 2:
        return None
    return parts[1]


MODULES = sorted(
    p for p in SRC.rglob("*.py") if p.name != "__main__.py" and p.parent != SRC or p.stem == "model"
)


def test_every_stage_is_known():
    stages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages <= set(LAYERS), f"add the new package to LAYERS: {stages - set(LAYERS)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path):
    here = _stage(_module_name(path))
    assert here is not None
    for module, names, line in _imports(path):
        there = _stage(module)
        if module == "debatemap" and names:  # "from debatemap import edit": the stage is the name
            there = names[0] if names[0] in LAYERS else None
        if there is None or there == here:
            continue
        assert there in LAYERS, f"{path}:{line}: imports {module}, which is in no stage"
        assert LAYERS[there] < LAYERS[here], (
            f"{path}:{line}: {here} imports {module} ({there} is not below it)"
        )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_private_name_crosses_modules(path):
    for module, names, line in _imports(path):
        if not module.startswith("debatemap"):
            continue
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert private == [], f"{path}:{line}: imports private {private} from {module}"


def test_modules_import_no_cycle():
    graph = nx.DiGraph()
    known = {_module_name(p) for p in SRC.rglob("*.py")}
    for path in SRC.rglob("*.py"):
        here = _module_name(path)
        graph.add_node(here)
        for module, names, _ in _imports(path):
            targets = [module] + [f"{module}.{n}" for n in names]
            for target in targets:
                # a package's __init__ re-exporting its modules is not a cycle with them
                if target in known and target != here and not here.startswith(target + "."):
                    graph.add_edge(here, target)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


# The rooms of render, and which other rooms each may import ("common" and "problems"
# are shared ground below the rooms; the package's own __init__ imports nothing).
RENDER_ROOMS: dict[str, set[str]] = {
    "common": set(),
    "problems": set(),
    "map": {"common"},
    "handout": {"common"},
    "packet": {"common", "handout"},
}
RENDER = SRC / "render"


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if parts[:2] == ["debatemap", "render"] and len(parts) > 2 else None


def test_every_render_room_is_known():
    rooms = {p.stem for p in RENDER.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    assert rooms - {"__init__"} == set(RENDER_ROOMS), "add the new room of render to RENDER_ROOMS"


@pytest.mark.parametrize("path", sorted(RENDER.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_render_rooms_stand_apart(path):
    here = _room(_module_name(path))
    for module, names, line in _imports(path):
        there = _room(module)
        if module == "debatemap.render" and names:  # "from debatemap.render import map"
            there = names[0]
        if there is None or there == here:
            continue
        assert here is not None, f"{path}:{line}: render/__init__ imports {module}; keep it empty"
        assert there in RENDER_ROOMS[here], f"{path}:{line}: render.{here} imports {module}"


def test_server_files_live_beside_the_server():
    """What only ``serve`` uses is in ``serve/assets``; render holds no serve or join files,
    and every file there is one that serve's code names."""
    in_render = [p for p in RENDER.rglob("*") if p.suffix != ".py" and p.name.startswith(("serve", "join"))]
    assert in_render == []
    pages = (SRC / "serve" / "pages.py").read_text(encoding="utf-8")
    assets = sorted(p.name for p in (SRC / "serve" / "assets").iterdir() if p.is_file())
    assert assets and [a for a in assets if f'"{a}"' not in pages] == []
