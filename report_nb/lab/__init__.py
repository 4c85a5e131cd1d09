"""report-nb in JupyterLab: the Jupyter server extension behind the ``report-nb`` lab extension.

The browser part (TypeScript in ``labextension/``, shipped prebuilt in the wheel) only displays
what these endpoints compute with report-nb's own Python pipeline (see
:mod:`report_nb.lab.handlers`).
"""

from __future__ import annotations

from typing import Any


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "report-nb"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "report_nb.lab"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from report_nb.lab.handlers import setup_handlers

    serverapp.web_app.settings["report_nb_jobs"] = setup_handlers(serverapp.web_app)
    serverapp.log.info("report-nb: server extension loaded")
