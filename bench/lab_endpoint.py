"""Benchmark the lab extension's analysis on a 31-question report (target: median <= 100 ms).

``tests/fixtures/filled_31.md`` is imported into a temporary notebook. Two numbers, each the
median over ``--runs`` calls: :func:`report_nb.lab.analysis.analyse` in this process, and the
real endpoint ``POST /report-nb/analyse`` of a ``jupyter server`` started here (JSON encoding,
HTTP and tornado included: what the browser waits for). The badge latency seen in the browser
is measured by ``tests/test_lab.py``.

Run: ``python bench/lab_endpoint.py [--runs 30] [--no-http]``; needs ``pip install -e '.[lab]'``.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

from report_nb.commands.importing import import_readme
from report_nb.lab.analysis import analyse

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100.0


def notebook(folder: Path) -> Path:
    readme = folder / "README.md"
    shutil.copy(ROOT / "tests" / "fixtures" / "filled_31.md", readme)
    import_readme(readme)
    return folder / "report.ipynb"


def in_process(path: Path, runs: int) -> list[float]:
    nb = nbformat.read(path, as_version=4)
    analyse(nb, path)  # warm: imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        analyse(nb, path)
        times.append((time.perf_counter() - start) * 1000)
    return times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def over_http(path: Path, runs: int) -> list[float]:
    token, port = secrets.token_hex(16), free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={path.parent}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    body = json.dumps({"path": path.name, "notebook": json.loads(path.read_text())}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/report-nb/analyse",
        data=body,
        method="POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(request, timeout=10).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            answer = json.loads(urllib.request.urlopen(request, timeout=10).read())
            times.append((time.perf_counter() - start) * 1000)
        assert answer["total"] == 31, answer
        return times
    finally:
        server.terminate()
        server.wait(timeout=20)


def report(name: str, times: list[float]) -> bool:
    median = statistics.median(times)
    ok = median <= TARGET_MS
    print(
        f"{name}: median {median:.1f} ms, min {min(times):.1f}, max {max(times):.1f} "
        f"over {len(times)} calls (target <= {TARGET_MS:.0f} ms) {'ok' if ok else 'SLOW'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-http", action="store_true", help="skip the jupyter server run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = notebook(Path(tmp))
        ok = report("analyse() in process", in_process(path, args.runs))
        if not args.no_http:
            ok = report("POST /report-nb/analyse", over_http(path, args.runs)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
