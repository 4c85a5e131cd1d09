"""The HTTP endpoints of the lab extension, all under ``/report-nb/``.

* ``POST analyse`` ``{"path", "notebook"}``: :func:`report_nb.lab.analysis.analyse` of the
  notebook as it is in the browser (unsaved JSON), in the notebook's folder;
* ``POST check`` ``{"path"}``: ``report-nb check`` of the saved notebook;
* ``POST build`` ``{"path"}``: ``report-nb build`` of the saved notebook, in a thread;
* ``POST merge`` ``{"path"}``: ``report-nb import --merge`` of the README into the notebook.

``path`` is the notebook's path relative to the server's root folder. A report-nb error answers
``{"error": "<one line>"}`` with status 400 (the front end shows it as a notification).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from report_nb.errors import ReportNbError


class _Handler(APIHandler):
    """JSON in, JSON out; report-nb errors become one-line 400 answers."""

    def _body(self) -> dict[str, Any]:
        try:
            body = json.loads(self.request.body or b"{}")
        except json.JSONDecodeError as error:
            raise web.HTTPError(400, f"the request is not JSON: {error}") from error
        if not isinstance(body, dict) or not isinstance(body.get("path"), str):
            raise web.HTTPError(400, "the request needs the notebook's 'path'")
        return body

    def _notebook_path(self, relative: str) -> Path:
        root = Path(self.settings.get("server_root_dir") or self.contents_manager.root_dir)
        root = root.expanduser().resolve()
        path = (root / relative).resolve()
        if path != root and root not in path.parents:
            raise web.HTTPError(403, f"{relative} is outside the server's root folder")
        return path

    async def _answer(self, work: Callable[[], dict[str, Any]], thread: bool = False) -> None:
        try:
            if thread:
                result = await asyncio.get_running_loop().run_in_executor(None, work)
            else:
                result = work()
        except ReportNbError as error:
            self.set_status(400)
            result = {"error": str(error)}
        self.finish(json.dumps(result))


class AnalyseHandler(_Handler):
    """Badges of the unsaved notebook."""

    @web.authenticated
    async def post(self) -> None:
        """Analyse the notebook JSON in the request body."""
        from report_nb.lab.analysis import from_json

        body = self._body()
        path = self._notebook_path(body["path"])

        def work() -> dict[str, Any]:
            from report_nb.lab.analysis import analyse

            return analyse(from_json(body.get("notebook")), path)

        await self._answer(work)


class CheckHandler(_Handler):
    """``report-nb check`` of the saved notebook."""

    @web.authenticated
    async def post(self) -> None:
        """Check the saved notebook at ``path``."""
        from report_nb.lab.actions import check

        path = self._notebook_path(self._body()["path"])
        await self._answer(lambda: check(path), thread=True)


class BuildHandler(_Handler):
    """``report-nb build`` of the saved notebook."""

    @web.authenticated
    async def post(self) -> None:
        """Build the saved notebook at ``path`` (executes it: runs in a thread)."""
        from report_nb.lab.actions import build

        path = self._notebook_path(self._body()["path"])
        await self._answer(lambda: build(path), thread=True)


class MergeHandler(_Handler):
    """``report-nb import --merge`` of the notebook's README."""

    @web.authenticated
    async def post(self) -> None:
        """Merge the README's edits into the saved notebook at ``path``."""
        from report_nb.lab.actions import merge

        path = self._notebook_path(self._body()["path"])
        await self._answer(lambda: merge(path), thread=True)


def setup_handlers(web_app: Any) -> None:
    """Register the endpoints on the server's tornado application."""
    base = url_path_join(web_app.settings["base_url"], "report-nb")
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "analyse"), AnalyseHandler),
            (url_path_join(base, "check"), CheckHandler),
            (url_path_join(base, "build"), BuildHandler),
            (url_path_join(base, "merge"), MergeHandler),
        ],
    )
