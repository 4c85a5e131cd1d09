"""Benchmark ``report-nb build`` of the example against ``jupyter nbconvert --to html --execute``.

Both run on the same notebook (a copy of notebooks/ in a temporary folder), alternately, several
times; the median wall times give two ratios: a full build (``--no-cache``: execute, validate,
README, figures and HTML) over the nbconvert baseline (target at most 1.3), and a cached rebuild
(nothing changed, no kernel starts) over the same baseline (target at most 0.3).

Run: ``python bench/build_speed.py [--runs 3]``.
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
BUILD_OUTPUTS = ("README.md", "report.html", "figures", ".report-nb")


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns(*BUILD_OUTPUTS))
        build = [str(bin_dir / "report-nb"), "build", "report.ipynb", "-q"]
        baseline = [
            sys.executable,
            "-m",
            "nbconvert",
            "--to",
            "html",
            "--execute",
            "report.ipynb",
            "--output",
            "baseline",
        ]
        full, cached, plain = [], [], []
        timed([*build, "--no-cache"], folder)  # warm caches (imports, kernel spec lookup)
        for _ in range(args.runs):
            plain.append(timed(baseline, folder))
            full.append(timed([*build, "--no-cache"], folder))
            cached.append(timed(build, folder))
    base = statistics.median(plain)
    print(f"nbconvert --to html --execute: {base:.2f} s (median of {args.runs})")
    print(
        f"report-nb build, full:   {statistics.median(full):.2f} s, "
        f"ratio {statistics.median(full) / base:.2f} (target <= 1.30)"
    )
    print(
        f"report-nb build, cached: {statistics.median(cached):.2f} s, "
        f"ratio {statistics.median(cached) / base:.2f} (target <= 0.30)"
    )
    print(
        f"cached rebuild / full build: {statistics.median(cached) / statistics.median(full):.2f} "
        "(target <= 0.25, also with JupyterLab installed)"
    )


if __name__ == "__main__":
    main()
