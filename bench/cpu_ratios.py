"""The speed targets of the architecture issue, in CPU time of whole processes, side by side.

* ``report-nb check README.md`` against a bare ``python -c pass`` of the same interpreter (target
  at most 3x) and against ``bench/official_like.py check`` (the course checker's imports and
  split-and-count; target at most 0.2x);
* one ``report-nb check`` process over 1000 real reports: reports per CPU second (target at least
  2000);
* a cached rebuild of the example against ``jupyter nbconvert --to html --execute`` of the same
  notebook (target at most 0.15x).

Each command runs alternately with its baseline; the CPU time is the child's user plus system
time (``getrusage``), the median of ``--runs``. Reports come from ../shared (seeds and corpus).
The report_nb measured is the one this interpreter imports (its path is printed: with an
editable install, that of the install, unless ``PYTHONPATH`` names a worktree), with its
bytecode compiled first, as an installed package has it: under ``PYTHONDONTWRITEBYTECODE``
every run would otherwise compile the sources (about 25 ms, more than the check).

Run: ``python bench/cpu_ratios.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PYTHON = sys.executable


def cpu(command: Sequence[str], cwd: Path | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def side_by_side(commands: dict[str, list[str]], runs: int, cwd: Path | None = None) -> dict:
    for command in commands.values():
        cpu(command, cwd)  # warm the file cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(cpu(command, cwd))
    return {name: statistics.median(values) for name, values in times.items()}


def reports() -> list[Path]:
    found = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*/*.md"))
    found = [path for path in found if path.name != "MANIFEST.tsv"]
    if not found:
        sys.exit(f"no reports in {SHARED} (seeds/*.txt, corpus/*/*.md)")
    return found


def compile_measured() -> None:
    """Compile the bytecode of the report_nb this interpreter imports; print where it is."""
    code = (
        "import compileall, os, report_nb\n"
        "folder = os.path.dirname(report_nb.__file__)\n"
        "compileall.compile_dir(folder, quiet=1)\n"
        "print(folder)"
    )
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    print(f"measuring {done.stdout.strip()}")


def single(runs: int) -> None:
    readme = str(reports()[0])
    report_nb = str(Path(PYTHON).with_name("report-nb"))
    got = side_by_side(
        {
            "bare": [PYTHON, "-c", "pass"],
            "check": [report_nb, "check", readme],
            "official": [PYTHON, str(ROOT / "bench" / "official_like.py"), "check", readme],
        },
        runs,
    )
    print(
        f"check {got['check'] * 1000:.0f} ms CPU: {got['check'] / got['bare']:.2f}x a bare "
        f"interpreter ({got['bare'] * 1000:.0f} ms; target <= 3x), "
        f"{got['check'] / got['official']:.3f}x official-like ({got['official'] * 1000:.0f} ms; "
        "target <= 0.2x)"
    )


def batch(runs: int) -> None:
    files = reports()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(1000):
            target = Path(folder) / f"report_{index:04d}.md"
            shutil.copyfile(files[index % len(files)], target)
            paths.append(str(target))
        seconds = side_by_side({"batch": [PYTHON, "-m", "report_nb", "check", *paths]}, runs)
    print(f"batch check: {1000 / seconds['batch']:.0f} reports per CPU second (target >= 2000)")


def rebuild(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        example = Path(folder) / "example"
        shutil.copytree(ROOT / "notebooks", example)
        for name in ("README.md", "report.html", "figures", ".report-nb"):
            target = example / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        build = [PYTHON, "-m", "report_nb", "build", "report.ipynb", "-q"]
        subprocess.run(build, cwd=example, check=True, capture_output=True)  # fill the cache
        nbconvert = [PYTHON, "-m", "nbconvert", "--to", "html", "--execute", "report.ipynb"]
        nbconvert += ["--output", "baseline"]
        got = side_by_side({"cached": build, "nbconvert": nbconvert}, runs, cwd=example)
    print(
        f"cached rebuild {got['cached']:.2f} s CPU vs nbconvert --execute "
        f"{got['nbconvert']:.2f} s: "
        f"{got['cached'] / got['nbconvert']:.2f}x (target <= 0.15x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    compile_measured()
    single(runs)
    batch(max(3, runs // 5))
    rebuild(max(3, runs // 5))


if __name__ == "__main__":
    main()
