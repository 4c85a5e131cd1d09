"""Benchmark ``report-nb check`` against a checker with the official script's cost.

Single file: wall time of ``report-nb check README.md`` and of ``python bench/official_like.py
check README.md`` (typer, markdown, pydantic, loguru, the same split-and-count), run alternately,
median of many runs; the target is a ratio of at most 0.6. Batch: ``report-nb check`` on 1000
report files in one call, pinned to one core where ``taskset`` exists; the target is at least 500
reports/s. Reports come from ../shared (seeds and corpus) if present, else tests/fixtures.

Run: ``python bench/check_speed.py [--runs 30]``; needs ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def sources() -> list[Path]:
    found = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*/*.md"))
    return found or sorted((ROOT / "tests" / "fixtures").glob("*.md"))


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def single(readme: Path, runs: int) -> tuple[float, float]:
    ours = [str(Path(sys.executable).with_name("report-nb")), "check", str(readme)]
    theirs = [sys.executable, str(ROOT / "bench" / "official_like.py"), "check", str(readme)]
    timed(ours), timed(theirs)  # warm the file cache
    a, b = [], []
    for _ in range(runs):
        a.append(timed(ours))
        b.append(timed(theirs))
    return statistics.median(a), statistics.median(b)


def batch(folder: Path, count: int, fmt: str) -> float:
    files = sources()
    paths = []
    for index in range(count):
        target = folder / f"report_{index:04d}.md"
        shutil.copyfile(files[index % len(files)], target)
        paths.append(str(target))
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    command = [*pin, sys.executable, "-m", "report_nb", "check", "--format", fmt, *paths]
    timed(command)
    return count / statistics.median(timed(command) for _ in range(7))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument(
        "--format",
        default="text",
        choices=("text", "json", "github"),
        help="output format of the batch run (default: report-nb's default)",
    )
    args = parser.parse_args()
    readme = sources()[0]
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = single(readme, args.runs)
        rate = batch(Path(tmp), args.batch, args.format)
    print(
        f"single check: report-nb {ours * 1000:.0f} ms, official-like {theirs * 1000:.0f} ms, "
        f"ratio {ours / theirs:.2f} (target <= 0.60)"
    )
    print(
        f"batch: {args.batch} reports in one call on one core, --format {args.format} "
        f"(median of 7): {rate:.0f} reports/s (target >= 500)"
    )


if __name__ == "__main__":
    main()
