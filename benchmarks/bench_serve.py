"""Measure `debatemap serve` live updates and concurrent writers on a generated map.

    python benchmarks/bench_serve.py [--size 1000] [--runs 15] [--writers 25] [--each 10]

Generates a map (benchmarks/generate.py, seed 1) into a fresh temporary copy,
serves it with uvicorn on a free loopback port, opens two pages in headless
Chromium (/usr/bin/chromium) and measures:

* page -> page: from calling ``window.debatemap.edit.add`` in page A to the new
  node being in page B's DataSet and the next frame drawn (both pages read the
  same wall clock: ``performance.timeOrigin + performance.now()``);
* disk -> page: from writing a node file (as an editor saves: a temporary file,
  then rename) to the node drawn in page B;
* writers: N threads, each its own HTTP client with the run's token, adding M
  nodes one after another, all at once, while both pages stay open: nodes lost
  (asked for, answered 200, but not in the map's files and in page B at the end),
  and p50/p95 of the request latency (a request is answered once the map with
  its change has been rebuilt and sent to every open page).

Prints a Markdown summary for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"

PROBE = """() => {
  window.seen = {};
  document.addEventListener('debatemap:updated', () => {
    window.debatemap.data.nodes.forEach(n => {
      if (!(n.id in window.seen)) {
        requestAnimationFrame(() => { if (!(n.id in window.seen)) window.seen[n.id] = performance.timeOrigin + performance.now(); });
      }
    });
  });
}"""  # noqa: E501


def generate(size: int) -> Path:
    target = WORK / f"map-{size}"
    if not (target / "perspectives.yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(size), str(target), "--seed", "1"], check=True
        )
    return target


def node_fields(root: Path, title: str) -> dict[str, Any]:
    import yaml

    first = yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8"))
    source = sorted(first)[0]
    thesis = sorted(p.stem for p in (root / "theses").glob("*.yaml"))[0]
    return {
        "title": title,
        "text": "A claim added by the benchmark.",
        "perspective": first[source]["perspective"],
        "source": source,
        "quote": "A short quote.",
        "supports": [thesis],
    }


def start(root: Path) -> tuple[Any, threading.Thread, int, Any]:
    from debatemap.cli.commands.serve import make_server
    from debatemap.serve.app import ServeConfig, create_app
    from debatemap.serve.security import Guard

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    guard = Guard(port)
    app = create_app(ServeConfig(root, root / "sources", port), guard)
    server = make_server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return server, thread, port, guard


def open_page(browser: Any, address: str) -> Any:
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(address)
    page.wait_for_function("() => window.debatemap && window.debatemap.drawn && window.debatemap.edit")
    page.evaluate(PROBE)
    return page


def wait_seen(page: Any, ident: str) -> float:
    page.wait_for_function("id => id in window.seen", arg=ident, timeout=30000)
    return float(page.evaluate("id => window.seen[id]", ident))


def page_to_page(writer: Any, reader: Any, root: Path, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        fields = node_fields(root, f"Benchmark page reason {i}")
        started, ident = writer.evaluate(
            "async f => { const t = performance.timeOrigin + performance.now();"
            " const id = await window.debatemap.edit.add(f); return [t, id]; }",
            fields,
        )
        times.append(wait_seen(reader, ident) - started)
        time.sleep(0.3)
    return times


def disk_to_page(reader: Any, root: Path, runs: int) -> list[float]:
    from debatemap.edit.yamlwrite import dump_node

    times = []
    folder = root / node_fields(root, "x")["perspective"]
    for i in range(runs):
        ident = f"saved-on-disk-{i}"
        text = dump_node({"id": ident, "kind": "argument", **node_fields(root, f"Saved on disk {i}")}, None)
        temporary = folder / f".{ident}.swp"
        temporary.write_text(text, encoding="utf-8")
        started = time.time() * 1000
        os.replace(temporary, folder / f"{ident}.yaml")
        times.append(wait_seen(reader, ident) - started)
        time.sleep(0.3)
    return times


def writers(port: int, guard: Any, root: Path, count: int, each: int) -> tuple[int, list[float], float]:
    import httpx

    latencies: list[float] = []
    answered: list[str] = []
    failures: list[str] = []

    def write(i: int) -> None:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"x-debatemap-token": guard.token}, timeout=120
        ) as client:
            for k in range(each):
                body = {"fields": node_fields(root, f"Writer {i} reason {k}")}
                started = time.perf_counter()
                answer = client.post("/api/edit/add", json=body)
                latencies.append(time.perf_counter() - started)
                if answer.status_code == 200:
                    answered.append(answer.json()["result"])
                else:
                    failures.append(answer.text)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(count)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    on_disk = {p.stem for p in root.rglob("writer-*.yaml")}
    lost = count * each - len(set(answered) & on_disk)
    if failures:
        print(f"<!-- {len(failures)} refused: {failures[0][:200]} -->")
    return lost, latencies, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--writers", type=int, default=25)
    parser.add_argument("--each", type=int, default=10)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "arguments"
        shutil.copytree(generate(options.size), root)
        server, thread, port, guard = start(root)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                address = f"http://127.0.0.1:{port}/?token={guard.token}"
                writer, reader = open_page(browser, address), open_page(browser, address)
                print(
                    f"<!-- {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
                    f" load average before: {os.getloadavg()[0]:.2f}, {options.size} nodes -->"
                )
                pages = page_to_page(writer, reader, root, options.runs)
                disk = disk_to_page(reader, root, options.runs)
                lost, latencies, wall = writers(port, guard, root, options.writers, options.each)
                reader.wait_for_function(
                    "n => window.debatemap.data.nodes.filter(x => x.id.startsWith('writer-')).length === n",
                    arg=options.writers * options.each - lost,
                    timeout=30000,
                )
                browser.close()
        finally:
            server.should_exit = True
            thread.join(10)
    quantiles = statistics.quantiles(latencies, n=20)
    print("| measure | median | min | max |")
    print("|---|---:|---:|---:|")
    print(
        f"| change in page A -> drawn in page B ({options.runs} runs) | {statistics.median(pages):.0f} ms"
        f" | {min(pages):.0f} ms | {max(pages):.0f} ms |"
    )
    print(
        f"| file saved on disk -> drawn in the page ({options.runs} runs) | {statistics.median(disk):.0f} ms"
        f" | {min(disk):.0f} ms | {max(disk):.0f} ms |"
    )
    print()
    print(
        f"{options.writers} writers x {options.each} nodes at once: lost {lost}; request latency"
        f" p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {quantiles[18] * 1000:.0f} ms;"
        f" all {options.writers * options.each} in {wall:.1f} s"
    )


if __name__ == "__main__":
    main()
