"""report-nb in JupyterLab: the Jupyter server extension behind the ``report-nb`` lab extension.

The browser part (TypeScript in ``labextension/``, shipped prebuilt in the wheel) only displays
what these endpoints compute with report-nb's own Python pipeline (see
:mod:`report_nb.lab.handlers`). The extension is a jupyter_server ``ExtensionApp``
(:class:`report_nb.lab.app.ReportNbApp`) for its stop hook: a server that stops cancels its
builds instead of waiting for their cells.
"""

from __future__ import annotations

from typing import Any


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "report-nb"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from report_nb.lab.app import ReportNbApp

    return [{"module": "report_nb.lab", "app": ReportNbApp}]
