"""Wall and CPU seconds of each add through ``serve``'s app, in one process, without a file watcher.

    PYTHONPATH=SRC python benchmarks/serve_add_cpu.py MAP [--adds 8]

Prints one JSON list of ``[wall, cpu]`` per add (CPU of the whole process, every thread).
Run it alternately under two ``src`` folders (an earlier commit's, checked out with
``git archive``, and this tree's) to compare serve's edit cost on a loaded machine: the
CPU seconds vary far less with other people's load than the wall time does, and one
server at a time keeps the two from competing (``bench_compare.py --only serve`` runs
both servers side by side, with their watchers).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from starlette.testclient import TestClient

from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import Guard

PORT = 8790


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", type=Path, help="a map folder (copied; the copy is changed)")
    parser.add_argument("--adds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "arguments"
        shutil.copytree(args.map, root)
        sources = yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8"))
        source = sorted(sources)[0]
        thesis = sorted(p.stem for p in (root / "theses").glob("*.yaml"))[0]
        guard = Guard(PORT)
        config = ServeConfig(root.resolve(), (root / "sources").resolve(), PORT, watch=False)
        times = []
        with TestClient(create_app(config, guard), base_url=f"http://127.0.0.1:{PORT}") as client:
            client.get(f"/?token={guard.token}")
            for run in range(args.adds):
                fields = {"title": f"Timed claim {run}", "text": "Added.", "source": source,
                          "perspective": sources[source]["perspective"], "quote": "A short quote.",
                          "supports": [thesis]}  # fmt: skip
                wall, cpu = time.perf_counter(), time.process_time()
                answer = client.post("/api/edit/add", json={"fields": fields})
                if answer.status_code != 200:
                    raise SystemExit(f"add answered {answer.status_code}: {answer.text[:300]}")
                times.append([round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3)])
    print(json.dumps(times))


if __name__ == "__main__":
    main()
