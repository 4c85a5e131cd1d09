"""Benchmark ``report-nb check`` on the example notebook against ``check`` on its README.

A README check imports no notebook machinery; a notebook check reads the jupytext pair and
renders the README through the pipeline (nbformat, jupytext, nbconvert's preprocessors) first.
Both run alternately on a built copy of notebooks/; the report is the median of each and their
difference (target: at most 0.5 s, also in a venv with JupyterLab installed, where jsonschema
would otherwise import the grammar-compiling ``rfc3987_syntax``). It also says whether
JupyterLab is installed in this venv, since that is what the target is about.

Run: ``python bench/notebook_check.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    report_nb = [sys.executable, "-m", "report_nb"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", folder)
        subprocess.run(
            [*report_nb, "build", "report.ipynb", "-q"],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        readme, notebook = [], []
        for _ in range(args.runs):
            readme.append(timed([*report_nb, "check", "README.md"], folder))
            notebook.append(timed([*report_nb, "check", "report.ipynb"], folder))
    lab = importlib.util.find_spec("jupyterlab") is not None
    first, second = statistics.median(readme), statistics.median(notebook)
    print(f"JupyterLab installed: {'yes' if lab else 'no'}; median of {args.runs} runs each")
    print(f"check README.md   {first * 1000:7.0f} ms")
    print(f"check report.ipynb {second * 1000:6.0f} ms")
    print(f"difference        {(second - first) * 1000:7.0f} ms (target: at most 500 ms)")


if __name__ == "__main__":
    main()
