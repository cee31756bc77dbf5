"""Benchmark ``add-source --from`` on long PDFs: does extraction take seconds, and grow linearly?

    python benchmarks/bench_extract.py [--pages 100 200 400] [--runs 3] [--workdir /tmp/debatemap-bench-pdf]

One PDF of the largest size is typeset once by WeasyPrint (A4, justified, hyphenated,
a running header and a "Page N of M" footer, distinct seeded text on every page; kept
in ``--workdir`` for the next run), and the smaller ones are its first pages (pypdf).
For each size :func:`debatemap.extract.read_document` (PDFium's text layer, the running
lines dropped, paragraphs joined) is timed ``--runs`` times in this process, and the
whole ``debatemap add-source ID --from FILE`` command once into a fresh map. Results
print as Markdown rows for benchmarks/README.md, with the CPU time of this process beside
the wall time (on a shared machine the wall time follows the other jobs' load).
"""

from __future__ import annotations

import argparse
import html
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "council residents traders streets traffic survey delivery centre children quieter safer customers "
    "shoppers transportation municipal experiment pedestrianisation environmental monitoring nitrogen "
    "dioxide concentrations researchers meteorological conditions organisations disability advocates "
    "accessible alternatives permanent committee recommendations consultation contributions comparable "
    "programmes neighbouring municipalities contradictory outcomes characteristics retail economy "
    "merchants ultimately benefit the a of and to in that with for on were said would not from by"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."


def make_pdf(path: Path, pages: int) -> None:
    import weasyprint

    rng = random.Random(0)
    paragraphs = []
    for _ in range(pages * 9):  # more than a page of A4 at 10pt holds: the last pages are cut off
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"""<html lang="en"><head><meta charset="utf-8"><title>Benchmark report</title><style>
@page {{ size: A4; margin: 25mm 20mm;
  @top-center {{ content: "Journal of Benchmarks, vol. 1"; font-size: 8pt }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt }} }}
body {{ font: 10pt/1.35 serif }} p {{ hyphens: auto; text-align: justify; margin: 0 0 0.5em }}
</style></head><body><h1>Benchmark report</h1>{body}</body></html>"""
    document = weasyprint.HTML(string=page).render()
    if len(document.pages) < pages:
        raise SystemExit(f"only {len(document.pages)} pages typeset; write more paragraphs")
    document.copy(document.pages[:pages]).write_pdf(path)


def first_pages(source: Path, pages: int, target: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(source)
    writer = PdfWriter()
    for page in reader.pages[:pages]:
        writer.add_page(page)
    with open(target, "wb") as stream:
        writer.write(stream)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "debatemap-bench-pdf")
    args = parser.parse_args()
    from debatemap.extract import read_document

    args.workdir.mkdir(parents=True, exist_ok=True)
    largest = max(args.pages)
    full = args.workdir / f"report{largest}.pdf"
    if not full.exists():
        start = time.perf_counter()
        make_pdf(full, largest)
        print(f"typeset {largest} pages in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    columns = ["pages", "PDF size", "characters", "extract: median (min–max)", "CPU (median)", "per page"]
    print("| " + " | ".join(columns) + " | whole command |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for pages in sorted(args.pages):
        path = args.workdir / f"report{pages}.pdf"
        if not path.exists():
            first_pages(full, pages, path)
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            document = read_document(path)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        command = _command(path)
        median = statistics.median(times)
        print(f"| {pages} | {path.stat().st_size / 2**20:.1f} MiB | {len(document.text):,} | "
              f"{median:.2f} s ({min(times):.2f}–{max(times):.2f}) | {statistics.median(cpu):.2f} s | "
              f"{1000 * median / pages:.1f} ms | "
              f"{command:.2f} s |")  # fmt: skip
    return 0


def _command(path: Path) -> float:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "arguments"
        subprocess.run(
            [sys.executable, "-m", "debatemap", "init", str(root)], check=True, capture_output=True
        )
        start = time.perf_counter()
        command = [sys.executable, "-m", "debatemap", "add-source", "report", "--from", str(path)]
        done = subprocess.run([*command, "--arguments", str(root)], capture_output=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(done.stdout.decode() + done.stderr.decode())
        return wall


if __name__ == "__main__":
    raise SystemExit(main())
