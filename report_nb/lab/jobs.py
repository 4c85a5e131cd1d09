"""The work one Jupyter server runs for the lab extension: two thread pools and the builds.

Builds execute a kernel for seconds or minutes, so they get their own small pool; analyse, check
and merge get another, so that they answer while every build slot is busy. One build per folder:
a second one is refused at once (409) instead of racing the first for the folder lock. Each build
has its progress (what the notebook runs now) and a cancel event the client can set. Everything
here belongs to one server (created by :func:`report_nb.lab.handlers.setup_handlers`): no module
state.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from report_nb.lab.protocol import BuildProgress

#: Builds that run at once; more wait in the build pool's queue, up to ``WAITING`` of them.
BUILDS = 2
WAITING = 4
#: Threads for check and merge (each takes well under a second).
QUICK = 4


class Busy(Exception):
    """The folder already has a build running, or too many builds wait (``status``: HTTP)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class BuildJob:
    """One running build: its folder, its progress and its cancel event."""

    folder: Path
    cancel: threading.Event = field(default_factory=threading.Event)
    label: str = ""
    done: int = 0
    total: int = 0

    def progress(self, label: str, done: int, total: int) -> None:
        """The build's progress callback (called from the build's thread)."""
        self.label, self.done, self.total = label, done, total

    def to_json(self) -> BuildProgress:
        """``GET /report-nb/build?path=``'s answer."""
        return {
            "running": True,
            "label": self.label,
            "done": self.done,
            "total": self.total,
            "cancelled": self.cancel.is_set(),
        }


class Jobs:
    """The pools and the running builds of one server."""

    def __init__(self, builds: int = BUILDS, waiting: int = WAITING, quick: int = QUICK) -> None:
        self.build_pool = ThreadPoolExecutor(builds, thread_name_prefix="report-nb-build")
        self.quick_pool = ThreadPoolExecutor(quick, thread_name_prefix="report-nb-quick")
        self._limit = builds + waiting
        self._builds: dict[Path, BuildJob] = {}
        self._lock = threading.Lock()

    def start(self, folder: Path) -> BuildJob:
        """Register a build of ``folder``, or raise :class:`Busy`."""
        with self._lock:
            if folder in self._builds:
                raise Busy(f"a build is running in {folder.name}/: wait for it, or cancel it", 409)
            if len(self._builds) >= self._limit:
                raise Busy(f"{len(self._builds)} builds are running: try again later", 503)
            job = self._builds[folder] = BuildJob(folder)
            return job

    def finish(self, job: BuildJob) -> None:
        """Forget ``job``: its build has ended."""
        with self._lock:
            if self._builds.get(job.folder) is job:
                del self._builds[job.folder]

    def running(self, folder: Path) -> BuildJob | None:
        """The build running in ``folder``, if any."""
        with self._lock:
            return self._builds.get(folder)

    def shutdown(self) -> int:
        """Cancel the builds and stop the pools (the server stops); how many builds ran."""
        with self._lock:
            running = list(self._builds.values())
        for job in running:
            job.cancel.set()
        self.build_pool.shutdown(wait=False, cancel_futures=True)
        self.quick_pool.shutdown(wait=False, cancel_futures=True)
        return len(running)
