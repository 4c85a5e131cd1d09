"""The HTTP endpoints of the lab extension, all under ``/report-nb/``.

* ``POST analyse`` ``{"path", "notebook"}``: :func:`report_nb.lab.analysis.analyse` of the
  notebook as it is in the browser (unsaved JSON), in the notebook's folder;
* ``POST handin`` ``{"path", "notebook"}``: :func:`report_nb.lab.handin.handin_view`, each
  question (and the whole page) as the hand-in and GitHub show it, sanitised;
* ``POST check`` ``{"path"}``: ``report-nb check`` of the saved notebook;
* ``POST build`` ``{"path"}``: ``report-nb build`` of the saved notebook, in the build pool;
  ``GET build?path=`` its progress, ``POST build/cancel`` ``{"path"}`` interrupts it;
* ``POST merge`` ``{"path"}``: ``report-nb import --merge`` of the README into the notebook;
  ``POST undo-merge`` ``{"path"}`` puts the pair back as it was before;
* ``POST audit`` ``{"path"}``: the evidence of each checklist item of the notebook's README
  (:mod:`report_nb.lab.audit`; the repository's walk is kept per server while it is unchanged).

``path`` is the notebook's path relative to the server's root folder. Every refusal answers
``{"error": "<one line>", ...}`` (see :class:`report_nb.lab.protocol.ErrorAnswer`) with a 4xx
status: 400 for a malformed request or a report-nb error, 403 for a path that leads out of the
root folder (symlinks followed), 404 for a notebook that is not there, 409 while a build runs in
the folder, 413 for a body over :data:`MAX_BODY`. The pools and builds are in :mod:`jobs`.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from report_nb.errors import ReportNbError
from report_nb.lab.audit import AuditCache
from report_nb.lab.confine import OutsideRoot, confine, inside
from report_nb.lab.jobs import BuildJob, Busy, Jobs
from report_nb.lab.protocol import ErrorAnswer

#: The largest request body (a 31-question report with figures as outputs is about 2 MB).
MAX_BODY = 10 * 1024 * 1024
#: The longest notebook path accepted (Linux's PATH_MAX).
MAX_PATH = 4096
#: report-nb errors that mean "not now" rather than "wrong": the folder's lock is held.
BUSY_ERRORS = frozenset({"FolderBusyError"})
#: A strict build's refusal lists its problems as "N problem(s): a; question 5: b; ...".
_COUNTED = re.compile(r"^\d+ problem\(s\): ")
_NEXT = re.compile(r"; (?=question \d+: |the official checker )")


def error_answer(error: ReportNbError) -> ErrorAnswer:
    """The JSON of a report-nb error: the one line, its message, each problem, its remedy."""
    answer: ErrorAnswer = {"error": str(error), "message": error.message, "hint": error.hint}
    problems = getattr(error, "problems", None)
    if isinstance(problems, list):
        answer["problems"] = [str(p) for p in problems]
    elif _COUNTED.match(error.message):
        answer["problems"] = _NEXT.split(_COUNTED.sub("", error.message))
    return answer


class _Handler(APIHandler):
    """JSON in, JSON out; every refusal is one line with a 4xx status."""

    def initialize(self, jobs: Jobs, audits: AuditCache | None = None) -> None:
        self.jobs = jobs
        self.audits = audits or AuditCache()

    async def prepare(self) -> None:  # type: ignore[override]  # as APIHandler.prepare
        await super().prepare()
        declared = self.request.headers.get("Content-Length", "0")
        size = max(len(self.request.body or b""), int(declared) if declared.isdigit() else 0)
        if size > MAX_BODY:
            raise web.HTTPError(413, f"the request is over {MAX_BODY // 2**20} MB")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Refusals answer ``{"error": ...}``; an unexpected error says only that it happened."""
        error = kwargs.get("exc_info", (None, None))[1]
        if isinstance(error, web.HTTPError) and error.log_message:
            message = error.log_message
        else:
            message = "report-nb: an internal error (see the server's log)"
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": message, "message": message}))

    def _body(self) -> dict[str, Any]:
        try:
            body = json.loads(self.request.body or b"{}")
        except (ValueError, RecursionError) as error:  # bad JSON, bad UTF-8, too deep
            raise web.HTTPError(400, f"the request is not JSON: {str(error)[:200]}") from None
        if not isinstance(body, dict) or not isinstance(body.get("path"), str):
            raise web.HTTPError(400, "the request needs the notebook's 'path'")
        return body

    @property
    def _root(self) -> Path:
        root = Path(self.settings.get("server_root_dir") or self.contents_manager.root_dir)
        return root.expanduser().resolve()

    def _notebook_path(self, relative: str, exists: bool = True) -> Path:
        if not relative or len(relative) > MAX_PATH or "\x00" in relative:
            raise web.HTTPError(400, "the notebook's 'path' is empty, too long or holds a NUL")
        root = self._root
        try:
            path = (root / relative).resolve()
        except (OSError, RuntimeError, ValueError) as error:
            raise web.HTTPError(400, f"the notebook's path cannot be resolved: {error}") from None
        if not inside(path, root):
            raise web.HTTPError(403, "the notebook is outside the server's root folder")
        if exists and not path.is_file():
            raise web.HTTPError(404, f"{relative}: no such notebook")
        return path

    async def _answer(
        self, work: Callable[[], object], pool: Executor | None = None, path: Path | None = None
    ) -> None:
        """Run ``work`` (in ``pool``, or here); after confining ``path``'s project to the root."""

        def confined() -> object:
            if path is not None:
                confine(path, self._root)
            return work()

        try:
            if pool is None:
                result = confined()
            else:
                result = await asyncio.get_running_loop().run_in_executor(pool, confined)
        except OutsideRoot as error:
            raise web.HTTPError(403, str(error)) from None
        except ReportNbError as error:
            self.set_status(409 if type(error).__name__ in BUSY_ERRORS else 400)
            result = error_answer(error)
        self.finish(json.dumps(result))


class AnalyseHandler(_Handler):
    """Badges of the unsaved notebook (in the server's loop: it takes about 20 ms)."""

    @web.authenticated
    async def post(self) -> None:
        """Analyse the notebook JSON in the request body."""
        body = self._body()
        path = self._notebook_path(body["path"], exists=False)

        def work() -> object:
            from report_nb.lab.analysis import analyse, from_json

            return analyse(from_json(body.get("notebook")), path)

        await self._answer(work)


class HandinHandler(_Handler):
    """The hand-in view of the unsaved notebook (the side panel)."""

    @web.authenticated
    async def post(self) -> None:
        """Render the notebook JSON in the request body as the hand-in page shows it."""
        body = self._body()
        folder = self._notebook_path(body["path"], exists=False).parent

        def work() -> object:
            from report_nb.lab.analysis import from_json
            from report_nb.lab.handin import handin_view

            return handin_view(from_json(body.get("notebook")), folder)

        await self._answer(work, self.jobs.quick_pool)


class CheckHandler(_Handler):
    """``report-nb check`` of the saved notebook."""

    @web.authenticated
    async def post(self) -> None:
        """Check the saved notebook at ``path``."""
        from report_nb.lab.actions import check

        path = self._notebook_path(self._body()["path"])
        await self._answer(lambda: check(path), self.jobs.quick_pool, path)


class BuildHandler(_Handler):
    """``report-nb build`` of the saved notebook; one at a time per folder."""

    _job: BuildJob | None = None

    @web.authenticated
    async def get(self) -> None:
        """The progress of the build running for the notebook ``?path=``."""
        path = self._notebook_path(self.get_query_argument("path", ""), exists=False)
        job = self.jobs.running(path.parent)
        idle = {"running": False, "label": "", "done": 0, "total": 0, "cancelled": False}
        self.finish(json.dumps(job.to_json() if job else idle))

    @web.authenticated
    async def post(self) -> None:
        """Build the saved notebook at ``path`` (executes it: runs in the build pool)."""
        from report_nb.lab.actions import build

        path = self._notebook_path(self._body()["path"])
        try:
            job = self._job = self.jobs.start(path.parent)
        except Busy as error:
            raise web.HTTPError(error.status, str(error)) from None
        try:
            work = lambda: build(path, progress=job.progress, cancel=job.cancel)  # noqa: E731
            await self._answer(work, self.jobs.build_pool, path)
        finally:
            self.jobs.finish(job)

    def on_connection_close(self) -> None:
        """The client went away: its build stops too."""
        if self._job is not None:
            self._job.cancel.set()
        super().on_connection_close()


class CancelHandler(_Handler):
    """Interrupt the build running for a notebook."""

    @web.authenticated
    async def post(self) -> None:
        """Set the cancel event of the build of ``path``'s folder."""
        path = self._notebook_path(self._body()["path"], exists=False)
        job = self.jobs.running(path.parent)
        if job is not None:
            job.cancel.set()
        self.finish(json.dumps({"cancelled": job is not None}))


class UndoMergeHandler(_Handler):
    """``report-nb import --undo-merge``: the pair as it was before the last merge."""

    @web.authenticated
    async def post(self) -> None:
        """Restore the notebook pair at ``path`` from the last merge's backup."""
        from report_nb.lab.actions import undo_merge

        path = self._notebook_path(self._body()["path"])
        await self._answer(lambda: undo_merge(path), self.jobs.quick_pool, path)


class MergeHandler(_Handler):
    """``report-nb import --merge`` of the notebook's README."""

    @web.authenticated
    async def post(self) -> None:
        """Merge the README's edits into the saved notebook at ``path``."""
        from report_nb.lab.actions import merge

        path = self._notebook_path(self._body()["path"])
        await self._answer(lambda: merge(path), self.jobs.quick_pool, path)


class AuditHandler(_Handler):
    """The checklist's evidence in the repository around the saved notebook's README."""

    @web.authenticated
    async def post(self) -> None:
        """Audit the README of the saved notebook at ``path`` (in the quick pool)."""
        from report_nb.lab.audit import audit_notebook

        path = self._notebook_path(self._body()["path"])
        root = self._root
        await self._answer(
            lambda: audit_notebook(path, self.audits, root), self.jobs.quick_pool, path
        )


def setup_handlers(web_app: Any) -> Jobs:
    """Register the endpoints on the server's tornado application; the server's :class:`Jobs`."""
    jobs = Jobs()
    audits = AuditCache()  # this server's: one per application, never a module global
    base = url_path_join(web_app.settings["base_url"], "report-nb")
    routes: list[tuple[str, type[_Handler]]] = [
        ("analyse", AnalyseHandler),
        ("handin", HandinHandler),
        ("check", CheckHandler),
        ("build", BuildHandler),
        ("build/cancel", CancelHandler),
        ("merge", MergeHandler),
        ("undo-merge", UndoMergeHandler),
        ("audit", AuditHandler),
    ]
    state = {"jobs": jobs, "audits": audits}
    web_app.add_handlers(".*$", [(url_path_join(base, name), cls, state) for name, cls in routes])
    return jobs
