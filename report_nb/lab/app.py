"""The server extension as an app: its endpoints while the server runs, its builds stopped with it.

jupyter_server calls :meth:`ReportNbApp.initialize_handlers` as it loads extensions and
:meth:`ReportNbApp.stop_extension` as it stops (Ctrl-C, SIGTERM, ``jupyter server stop``). A
module-style extension has no stop hook: a build running then kept the server's process alive
until its cell ended.
"""

from __future__ import annotations

from jupyter_server.extension.application import ExtensionApp

from report_nb.lab.handlers import setup_handlers
from report_nb.lab.jobs import Jobs


class ReportNbApp(ExtensionApp):
    """report-nb's endpoints under ``/report-nb/`` (see :mod:`report_nb.lab.handlers`)."""

    name = "report_nb.lab"
    load_other_extensions = True
    jobs: Jobs | None = None

    def initialize_handlers(self) -> None:
        """Register the endpoints; the server's :class:`~report_nb.lab.jobs.Jobs` is this app's."""
        assert self.serverapp is not None, "jupyter_server links the app to its server first"
        self.jobs = setup_handlers(self.serverapp.web_app)
        self.serverapp.web_app.settings["report_nb_jobs"] = self.jobs
        self.log.info("report-nb: server extension loaded")

    async def stop_extension(self) -> None:
        """The server stops: cancel the running builds (their kernels are interrupted)."""
        if self.jobs is not None:
            cancelled = self.jobs.shutdown()
            if cancelled:
                self.log.info("report-nb: cancelled %d build(s) as the server stops", cancelled)
