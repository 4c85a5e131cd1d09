"""ReportHTMLExporter: the report as one self-contained HTML page.

Same preprocessors as the README (glue, figures, validate), then the ``report_html`` template
renders the page: GitHub-style tables and code, a table of contents, the checklist, and per
question its counts against the limits with a pass/fail badge. Figures are embedded, answers'
raw HTML is sanitised, and a Content-Security-Policy forbids scripts and network fetches (see
:mod:`report_nb.render.page`). Registered as the ``report_html`` entry point.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from traitlets import default

from report_nb.exporters.base import ReportTemplateExporter
from report_nb.resources import ReportResources


def page_of(nb: NotebookNode, resources: dict[str, Any]) -> dict[str, Any]:
    """The template's ``page`` from the prepared notebook; a Jinja filter of the template.

    The check comes from ValidateReportPreprocessor; with it disabled, the page checks the
    report itself, without failing on what it finds.
    """
    from report_nb.preprocessors.validate import analyse
    from report_nb.render.page import page_context

    info = ReportResources.of(resources)
    if info.report is None or info.check is None:
        analyse(nb, info, set(info.figure_outputs(resources)), profile="auto")
    assert info.report is not None and info.check is not None
    return page_context(
        info.report,
        info.check,
        base=info.base,
        stale=info.stale,
        images=info.figure_outputs(resources),
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
