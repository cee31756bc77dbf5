"""Every importer is linear: parse time for a file and for one ten times larger.

Run ``python benchmarks/bench_import.py [--claims 2000] [--runs 3]``. Files are
generated here (same sizes, same bytes every run): a Kialo export in each layout
(the second with a footnote on every tenth claim), hand-written-style Argdown with a
premise-conclusion structure every tenth claim, AIFdb-style AIF with a locution and an
illocution per claim, and our own JSON export. The ratio of the two times should be
close to 10 for a linear reader (quadratic would give 100).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from debatemap.interchange import add_claim, add_relation, empty_graph, generate, parse


def kialo(claims: int, second: bool) -> str:
    lines = ["Discussion Name:", "A question?", "", "1. Question: A question?", "1.1. Thesis: The thesis."]
    if not second:
        lines = ["Discussion Title: A question?", "", "1. The thesis."]
    paths = ["1.1." if second else "1."]
    notes = []
    for i in range(1, claims):
        parent = paths[(i - 1) // 3]
        path = f"{parent}{(i - 1) % 3 + 1}."
        paths.append(path)
        stance = "Pro" if i % 2 else "Con"
        mark = f" [{len(notes) + 1}]" if second and i % 10 == 0 else ""
        if mark:
            notes.append(f"[{len(notes) + 1}] https://example.org/note/{i}")
        indent = "    " * (path.count(".") - 2) if second else ""
        lines += (
            [f"{indent}{path} {stance}:", f"{indent}Claim number {i} says something.{mark}"]
            if second
            else [f"{path} {stance}: Claim number {i} says something [with a link](https://example.org/{i})."]
        )
    return "\r\n".join(lines + ["", "Sources:", *notes]) + "\r\n"


def argdown(claims: int) -> str:
    out = ["===", "title: Bench", "===", "", "# Section", "", "[T]: The thesis,", "over two lines. #tag"]
    for i in range(1, claims):
        out += [f"  + <A{i}>: Argument {i}, // a comment", f"    continued. #(a tag {i % 7})"]
        if i % 10 == 0:
            out += ["", f"<A{i}>", "", f"(1) [P{i}]: A premise.", f"(2) Another premise {i}.", "----",
                    f"(3) [C{i}]: Conclusion {i}.", "", "[T]"]  # fmt: skip
    return "\n".join(out) + "\n"


def aif(claims: int) -> str:
    nodes, edges = [], []
    for i in range(claims):
        nodes += [{"nodeID": f"i{i}", "type": "I", "text": f"Claim \u2019{i}\u2019 said."},
                  {"nodeID": f"l{i}", "type": "L", "text": f"Speaker {i % 5}: Claim {i}"},
                  {"nodeID": f"y{i}", "type": "YA", "text": "Asserting"}]  # fmt: skip
        edges += [{"fromID": f"l{i}", "toID": f"y{i}"}, {"fromID": f"y{i}", "toID": f"i{i}"}]
        if i:
            nodes.append({"nodeID": f"r{i}", "type": "RA" if i % 3 else "CA", "text": "Default"})
            edges += [{"fromID": f"i{i}", "toID": f"r{i}"}, {"fromID": f"r{i}", "toID": f"i{(i - 1) // 3}"}]
    return json.dumps({"AIF": {"nodes": nodes, "edges": edges, "locutions": []}, "OVA": {}, "text": ""})


def own_json(claims: int) -> str:
    graph = empty_graph("Bench")
    for i in range(claims):
        add_claim(graph, f"c{i}", kind="argument" if i else "thesis", title=f"Claim {i}", text=f"Claim {i}.")
        if i:
            add_relation(graph, f"c{i}", "supports" if i % 2 else "opposes", f"c{(i - 1) // 3}")
    return generate(graph, "json")


FILES = {
    "kialo (first layout)": ("kialo", lambda n: kialo(n, False)),
    "kialo (second layout)": ("kialo", lambda n: kialo(n, True)),
    "argdown": ("argdown", argdown),
    "aif (OVA3, with dialogue)": ("aif", aif),
    "json": ("json", own_json),
}


def timed(text: str, fmt: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(text, fmt, "bench")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--claims", type=int, default=2000)
    options.add_argument("--runs", type=int, default=3)
    args = options.parse_args()
    print("| format | claims | bytes | parse (median) | claims ×10 | bytes | parse (median) | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (fmt, make) in FILES.items():
        small, large = make(args.claims), make(args.claims * 10)
        a, b = timed(small, fmt, args.runs), timed(large, fmt, args.runs)
        print(f"| {name} | {args.claims:,} | {len(small):,} | {a:.3f} s | {args.claims * 10:,} | "
              f"{len(large):,} | {b:.3f} s | {b / a:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
