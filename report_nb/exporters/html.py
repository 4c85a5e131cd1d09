"""ReportHTMLExporter: the report as one self-contained HTML page.

Same preprocessors as the README (glue, figures, validate), then the ``report_html`` template
renders the page: GitHub-style tables and code, a table of contents, the checklist, and per
question its counts against the limits with a pass/fail badge. Figures are embedded, answers'
raw HTML is sanitised, and a Content-Security-Policy forbids scripts and network fetches (see
:mod:`report_nb.render.page`). Registered as the ``report_html`` entry point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from traitlets import default

from report_nb.exporters.base import ReportTemplateExporter


def page_of(nb: NotebookNode, resources: dict[str, Any]) -> dict[str, Any]:
    """The template's ``page`` from the validated notebook; a Jinja filter of the template."""
    from report_nb.render.page import page_context

    state = resources.get("report_nb", {})
    base = Path(state.get("base") or resources.get("metadata", {}).get("path") or ".")
    return page_context(
        state["report"],
        state["check"],
        base=base,
        stale=state.get("stale"),
        images=resources.get("outputs", {}),
    )


class ReportHTMLExporter(ReportTemplateExporter):
    """Export a report notebook to a self-contained HTML report."""

    export_from_notebook = "HTML report (report-nb)"
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "report_html"

    def default_filters(self) -> Any:
        """Nbconvert's filters plus ``report_page``."""
        yield from super().default_filters()
        yield ("report_page", page_of)
