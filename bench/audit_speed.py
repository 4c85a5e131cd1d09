"""Benchmark ``report-nb audit``: the staff table over many repositories, and what ``check`` pays.

Table: 300 repository folders (by default) made by unpacking the six skeletons of
``../shared/repos`` again and again into a temporary folder, then ``report-nb audit --table ...
-o table.csv`` in one call, pinned to one core where ``taskset`` exists; the target is well
under a minute. Check: ``report-nb check reports/README.md`` of one skeleton outside and inside a
git repository (where check adds its one checklist line), median of many runs; and in each
skeleton, the first check (the audit runs) and a repeated one (its count read from the user
cache), in CPU time over a bare interpreter.

Run: ``python bench/audit_speed.py [--repos 300] [--runs 15]``; needs ../shared/repos.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKELETONS = ROOT.parent / "shared" / "repos"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def cpu(command: list[str]) -> float:
    """CPU seconds (user + system) the command used: steadier than wall time on a shared VM."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def unpack(folder: Path, count: int) -> list[Path]:
    """``count`` repository folders, the six skeletons in turn, each under its own name."""
    archives = sorted(SKELETONS.glob("*.tar.gz"))
    if not archives:
        sys.exit(f"no skeletons in {SKELETONS}")
    masters = []
    for archive in archives:
        with tarfile.open(archive) as tar:
            tar.extractall(folder / "masters", filter="data")
        masters.append(folder / "masters" / archive.name.removesuffix(".tar.gz"))
    repos = []
    for index in range(count):
        target = folder / "groups" / f"group_{index:03d}"
        shutil.copytree(masters[index % len(masters)], target, symlinks=True)
        repos.append(target)
    return repos


def table(folder: Path, repos: list[Path]) -> tuple[float, float]:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    output = folder / "table.csv"
    command = [*pin, sys.executable, "-m", "report_nb", "audit", "--table"]
    command += [*map(str, repos), "-o", str(output)]
    timed(command)  # warm the file cache
    runs = [(timed(command), cpu(command)) for _ in range(3)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def check_cost(folder: Path, runs: int) -> tuple[float, float]:
    """Median wall time of ``check`` on the same README outside and inside a git repository."""
    master = next((folder / "masters").iterdir())
    plain = folder / "plain"
    shutil.copytree(master, plain)
    in_git = folder / "in_git"
    shutil.copytree(master, in_git)
    subprocess.run(["git", "init", "-q", str(in_git)], check=True)
    script = [str(Path(sys.executable).with_name("report-nb")), "check"]
    outside = [*script, str(plain / "reports" / "README.md")]
    inside = [*script, str(in_git / "reports" / "README.md")]
    timed(outside), timed(inside)
    a, b = [], []
    for _ in range(runs):
        a.append(timed(outside))
        b.append(timed(inside))
    return statistics.median(a), statistics.median(b)


def check_ratios(folder: Path, runs: int) -> list[str]:
    """CPU of ``check reports/README.md`` in each skeleton (``git init``) over a bare interpreter.

    Side by side: the first check of a repository (no cache: the audit runs) and a repeated one
    of the unchanged repository (the count read from the cache; see report_nb.audit.remembered).
    """
    script = [str(Path(sys.executable).with_name("report-nb")), "check", "reports/README.md"]
    lines = []
    for master in sorted((folder / "masters").iterdir()):
        repo = folder / "ratios" / master.name
        shutil.copytree(master, repo)
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        cache = str(folder / "ratios-cache")
        commands = {
            "bare": ([sys.executable, "-c", "pass"], {}),
            "first": (script, {"REPORT_NB_CACHE_DIR": ""}),
            "again": (script, {"REPORT_NB_CACHE_DIR": cache}),
        }
        got: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs + 1):  # the first round warms the file cache and fills the cache
            for name, (command, env) in commands.items():
                got[name].append(cpu_in(command, repo, env))
        bare, first, again = (statistics.median(got[n][1:]) for n in ("bare", "first", "again"))
        lines.append(
            f"  {master.name[:40]:40} first {first / bare:.2f}x, again {again / bare:.2f}x "
            f"(bare {bare * 1000:.0f} ms)"
        )
    return lines


def cpu_in(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, cwd=cwd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        repos = unpack(folder, args.repos)
        seconds, cpu_seconds = table(folder, repos)
        outside, inside = check_cost(folder, args.runs)
        ratios = check_ratios(folder, args.runs)
    print(
        f"audit --table: {args.repos} repositories in {seconds:.1f} s on one core, "
        f"{cpu_seconds:.1f} s CPU ({cpu_seconds / args.repos * 1000:.0f} ms each; "
        "target well under 60 s)"
    )
    print(
        f"check of one README: {outside * 1000:.0f} ms outside a git repository, "
        f"{inside * 1000:.0f} ms inside one (the checklist line), ratio {inside / outside:.2f}"
    )
    print("check reports/README.md in each repository, CPU over a bare interpreter (target <= 3x):")
    print("\n".join(ratios))


if __name__ == "__main__":
    main()
