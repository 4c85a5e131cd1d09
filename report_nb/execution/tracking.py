"""report-nb's papermill engine: one run's progress, cancel and kernel environment.

papermill picks an engine by name from a process-wide registry, so the engine is registered once
(:func:`engine_name`) and each run's state travels in a :class:`Tracker` passed through
papermill's ``engine_kwargs``: two builds in one process (threads of a Jupyter server) never see
each other's progress, cancel or environment.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

#: A progress callback: the running cell's label ("question 5, cell 12"), cells started, total.
Progress = Callable[[str, int, int], None]

ENGINE_NAME = "report-nb"
# A cancelled run is interrupted once a second; if it still runs after this many interrupts, its
# kernel is killed. An interrupt that lands while ipykernel is between receiving a cell and
# running it is swallowed ("KeyboardInterrupt caught in kernel") and the cell never replies:
# without the kill, such a run would wait for that reply forever.
INTERRUPTS_BEFORE_KILL = 5


class Tracker:
    """One run's state, handed to the engine through papermill's ``engine_kwargs``.

    It holds the kernel's environment and working folder (given to the kernel as it starts, never
    set on this process), names the running cell for the progress bar and ``on_cell``, remembers
    the last cell that started (to name a cell that hangs or kills the kernel), and interrupts the
    kernel when ``cancel`` is set.
    """

    def __init__(
        self,
        labels: dict[str, str],
        on_cell: Progress | None,
        cancel: threading.Event | None,
        env: dict[str, str],
        cwd: Path,
    ) -> None:
        self.labels, self.on_cell, self.cancel, self.env = labels, on_cell, cancel, env
        self.cwd = cwd
        self.last: str | None = None
        self.started = 0
        self.cancelled = False
        self._done = threading.Event()

    def cell_started(self, cell: NotebookNode, bar: Any) -> None:
        """Called by the engine as each cell starts."""
        cell_id = cell.get("id")
        if cell_id not in self.labels:
            return
        self.last = cell_id
        self.started += 1
        if bar is not None:
            bar.set_description(self.labels[cell_id])
        if self.on_cell is not None:
            self.on_cell(self.labels[cell_id], self.started, len(self.labels))

    def watch(self, client: Any) -> None:
        """Interrupt ``client``'s kernel if ``cancel`` is set before the run ends."""
        if self.cancel is None:
            return
        cancel = self.cancel

        def wait() -> None:
            # An interrupt that reaches the kernel between two cells does nothing, so it is
            # sent again each second until the run ends (papermill stops at the interrupted
            # cell); a kernel that outlives INTERRUPTS_BEFORE_KILL of them is killed
            sent = 0
            while not self._done.is_set():
                if cancel.wait(0.1):
                    self.cancelled = True
                    _stop(client, kill=sent >= INTERRUPTS_BEFORE_KILL)
                    sent += 1
                    self._done.wait(1.0)

        threading.Thread(target=wait, name="report-nb-cancel", daemon=True).start()

    def stop(self) -> None:
        """The run is over: stop watching for a cancel."""
        self._done.set()


@contextmanager
def thread_event_loop() -> Iterator[None]:
    """In a thread other than the main one, close the event loop nbclient made for the run.

    nbclient runs its coroutines on the thread's event loop and creates one if there is none,
    never to close it: a Jupyter server's worker threads and a test's threads would leak a loop
    (and its sockets) per build. The thread is left with the loop it had before, if any.
    """
    if threading.current_thread() is threading.main_thread():
        yield
        return
    policy = asyncio.get_event_loop_policy()
    before = _set_loop(policy)
    try:
        yield
    finally:
        after = _set_loop(policy)
        if after is not None and after is not before and not after.is_running():
            after.close()
        policy.set_event_loop(before)


def _set_loop(policy: asyncio.AbstractEventLoopPolicy) -> asyncio.AbstractEventLoop | None:
    """The event loop set for this thread, or None (asking does not create one here)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return policy.get_event_loop()
    except RuntimeError:
        return None


def _stop(client: Any, *, kill: bool) -> None:
    """Interrupt, or kill, the kernel of a running nbclient client.

    The kill goes to the kernel's process group; nbclient notices the dead kernel within a second.
    """
    km = getattr(client, "km", None)
    if km is None or not km.has_kernel:
        return
    try:
        done = km.signal_kernel(signal.SIGKILL) if kill else km.interrupt_kernel()
        if inspect.isawaitable(done):  # nbclient's AsyncKernelManager: run it on a loop of ours
            asyncio.run(_awaited(done))
    except (RuntimeError, OSError):  # the run ended and shut its kernel down meanwhile
        return


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


@functools.cache
def engine_name() -> str:
    """Register report-nb's papermill engine, once per process (every run shares it)."""
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, _tracking_engine_class())
    return ENGINE_NAME


def _tracking_engine_class() -> type:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class TrackingEngine(NBClientEngine):
        """papermill's nbclient engine, with a :class:`Tracker` per run and the kernel's env."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: float | None = None,
            report_nb_tracker: Tracker | None = None,
            **kwargs: Any,
        ) -> Any:
            tracker = report_nb_tracker
            assert tracker is not None, "run() passes a Tracker"
            start = nb_man.cell_start

            def cell_start(cell: NotebookNode, *args: Any, **kw: Any) -> Any:
                tracker.cell_started(cell, getattr(nb_man, "pbar", None))
                return start(cell, *args, **kw)

            nb_man.cell_start = cell_start
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                **merge_kwargs(
                    kwargs,
                    timeout=execution_timeout,
                    startup_timeout=start_timeout,
                    kernel_name=kernel_name,
                    log=logger,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                ),
            )
            tracker.watch(client)
            return client.execute(env=tracker.env, cwd=str(tracker.cwd))

    return TrackingEngine
