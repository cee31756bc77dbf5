"""Maps for the map-page tests: small, with hostile text in every field that reaches the page."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from debatemap.graph.build import build_graph
from debatemap.validation.validate import check

XSS_TITLE = "<img src=x onerror=window.__pwned=1>"
XSS_QUOTE = "It said </script><script>window.__pwned=2</script> & more"

HOSTILE_FILES: dict[str, str | None] = {
    "perspectives.yaml": """\
legal:
  name: Legal
  colour: "#0072B2"
  description: Criminal law.
health:
  name: "Health </script><b onmouseover=window.__pwned=3>"
  colour: "#009E73"
  description: "Harm reduction <script>window.__pwned=4</script>"
""",
    "sources.yaml": """\
s1:
  title: "A source"
  author: "Ann Author"
  date: "2020-01-02"
  perspective: legal
  file: s1.txt
s2:
  title: "<img src=x onerror=window.__pwned=5>"
  author: "not stated"
  date: "not stated"
  perspective: health
  file: s2.txt
""",
    "health/xss.yaml": f"""\
id: xss
kind: argument
title: "{XSS_TITLE}"
text: "A title that is markup must show as text."
perspective: health
source: s2
quote: "{XSS_QUOTE}"
opposes: [a]
tags: [policing]
""",
    "health/h2.yaml": """\
id: h2
kind: definition
title: "Harm reduction, defined"
text: "Reducing the harms of an activity without requiring that it stop."
perspective: health
source: s2
quote: "Harm reduction means meeting people where they are."
speaker: "Dr. Speaker"
supports: [t]
""",
    "legal/b.yaml": """\
id: b
kind: argument
title: "A second legal argument"
text: "It supports the first one."
perspective: legal
source: s1
quote: "A second quoted sentence."
supports: [a]
opposes: [h2]
""",
}


def hostile_map(make_map: Callable[..., Path]) -> Path:
    """The conftest ``make_map`` map (thesis t, argument a) plus the hostile nodes above."""
    return make_map(HOSTILE_FILES)


def graph_of(root: Path) -> nx.DiGraph:
    debate, problems = check(root)
    errors = [p.format() for p in problems if p.is_error]
    assert not errors, errors
    return build_graph(debate)


def generated_map(root: Path, nodes: int, seed: int) -> Path:
    """Write ``benchmarks/generate.py``'s map of ``nodes`` nodes into ``root`` (in this process)."""
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("debatemap_benchmark_generate", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(nodes, root, seed)
    return root
