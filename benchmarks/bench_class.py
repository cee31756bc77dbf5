"""Measure a class adding at once through `debatemap serve --class`: nothing lost, and how long a write waits.

    python benchmarks/bench_class.py [--size 200] [--students 30] [--each 5]

Generates a map (benchmarks/generate.py, seed 1), serves a temporary copy in
class mode with uvicorn on a loopback port, and lets N students join with the
code, each its own HTTP client with its own session, each with the map's event
stream open (as its page would have). Then all of them at once add M claims
each, one after another. Reports claims lost (answered 200 but missing from the
map's files, or not owned by the student who added them), whether every
student's event stream reached the final version, and p50/p95 of the request
latency (a write is answered once the map with it is rebuilt and sent to every
open page). Prints a Markdown line for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_serve import generate, node_fields  # noqa: E402


def listen(base: str, cookies: object, seen: list[int], stop: threading.Event) -> None:
    """Read one student's event stream, keeping the newest version it has seen."""
    import json

    import httpx

    with httpx.Client(base_url=base, cookies=cookies, timeout=None) as client:  # type: ignore[arg-type]
        with client.stream("GET", "/api/events") as answer:
            for line in answer.iter_lines():
                if line.startswith("data: "):
                    seen[0] = max(seen[0], int(json.loads(line[6:])["version"]))
                if stop.is_set():
                    return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--each", type=int, default=5)
    options = parser.parse_args()
    import httpx

    from serve_support import running_server

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "arguments"
        shutil.copytree(generate(options.size), root)
        latencies: list[float] = []
        answered: dict[str, str] = {}  # claim id -> the student who added it
        refused: list[str] = []
        with running_server(root, classroom=True) as server:
            stop = threading.Event()
            students, streams = [], []
            for i in range(options.students):
                client = httpx.Client(base_url=server.base, timeout=120)
                joined = client.post(
                    "/api/join", json={"name": f"Student {i}", "code": server.guard.join_code}
                )
                assert joined.status_code == 200, joined.text
                seen = [0]
                reader = threading.Thread(
                    target=listen, args=(server.base, client.cookies, seen, stop), daemon=True
                )
                reader.start()
                students.append(client)
                streams.append(seen)
            time.sleep(1.0)  # every stream open
            load = os.getloadavg()[0]
            start = threading.Barrier(options.students)

            def write(i: int) -> None:
                start.wait()
                for k in range(options.each):
                    body = {"fields": node_fields(root, f"Student {i} reason {k}")}
                    began = time.perf_counter()
                    answer = students[i].post("/api/edit/add", json=body)
                    latencies.append(time.perf_counter() - began)
                    if answer.status_code == 200:
                        answered[answer.json()["result"]] = f"Student {i}"
                    else:
                        refused.append(answer.text[:200])

            threads = [threading.Thread(target=write, args=(i,)) for i in range(options.students)]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - began
            final = server.app.state.live.version
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and min(s[0] for s in streams) < final:
                time.sleep(0.1)
            behind = sum(s[0] < final for s in streams)
            mine = {f"Student {i}": set(s.get("/api/session").json()["mine"]) for i, s in enumerate(students)}
            stop.set()
            for client in students:
                client.close()
        on_disk = {p.stem for p in root.rglob("student-*.yaml")}
        lost = options.students * options.each - len(set(answered) & on_disk)
        unowned = sum(ident not in mine[who] for ident, who in answered.items())
    quantiles = statistics.quantiles(latencies, n=20)
    print(f"<!-- {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average at the start {load:.1f}, {options.size} nodes -->")  # fmt: skip
    print(
        f"{options.students} students x {options.each} claims at once: lost {lost}, refused {len(refused)},"
        f" not owned by their author {unowned}, streams behind the final version {behind};"
        f" request latency p50 {statistics.median(latencies) * 1000:.0f} ms,"
        f" p95 {quantiles[18] * 1000:.0f} ms; all {options.students * options.each} in {wall:.1f} s"
    )
    if refused:
        print(f"<!-- first refusal: {refused[0]} -->")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "tests"))
    main()
