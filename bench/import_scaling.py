"""Benchmark ``report-nb import`` on one huge answer: the time must grow linearly with its size.

Imports a README whose question 5 holds 2.5, 5 and 10 MB of text (short lines, and paragraphs),
in fresh folders, and prints the CPU time of each whole process and the ratio between sizes: a
linear import doubles its time when the answer doubles (ratio about 2), a quadratic one
quadruples it.

Run: ``python bench/import_scaling.py``.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import make_report, passing  # noqa: E402

SHAPES = {
    "lines": "Some words in one line of the answer here.\n",
    "paragraphs": "Some words in one paragraph of the answer.\n\n",
}


def cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_time(unit: str, megabytes: float) -> float:
    with tempfile.TemporaryDirectory() as folder:
        readme = Path(folder) / "README.md"
        answer = unit * int(megabytes * 1_000_000 / len(unit))
        readme.write_text(make_report(fill=passing, answers={5: answer}), encoding="utf-8")
        return cpu_seconds([sys.executable, "-m", "report_nb", "import", str(readme)])


def main() -> None:
    for shape, unit in SHAPES.items():
        times = {size: import_time(unit, size) for size in (2.5, 5.0, 10.0)}
        shown = ", ".join(f"{size:g} MB {seconds:.2f} s" for size, seconds in times.items())
        ratio = times[10.0] / times[5.0]
        print(f"{shape}: {shown}; 10 MB / 5 MB = {ratio:.2f} (linear: about 2)")


if __name__ == "__main__":
    main()
