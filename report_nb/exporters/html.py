"""ReportHTMLExporter: the report as one self-contained HTML page.

The same preprocessors as the README (glue, figures, validate), then the ``report_html`` template
renders the page: GitHub-style tables and code, a table of contents, the checklist, and per
question its counts against the limits with a pass/fail badge. Figures are embedded, answers'
raw HTML is sanitised, and a Content-Security-Policy forbids scripts and network fetches (see
:mod:`report_nb.render.page`). Registered as the ``report_html`` entry point.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters import TemplateExporter
from nbformat import NotebookNode
from traitlets import default
from traitlets.config import Config

from report_nb.exporters import base
from report_nb.paths import template_dir
from report_nb.render.report_html import page_of


class ReportHTMLExporter(TemplateExporter):
    """Export a report notebook to a self-contained HTML report."""

    export_from_notebook = "HTML report (report-nb)"
    output_mimetype = "text/html"

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [*super()._default_extra_template_basedirs(), str(template_dir())]

    @default("default_preprocessors")
    def _default_preprocessors_default(self) -> list[object]:
        return base.default_preprocessors()

    @default("optimistic_validation")
    def _optimistic_validation_default(self) -> bool:
        return True  # validate once after all preprocessors, not after each of nbconvert's ~15

    @property
    def default_config(self) -> Config:
        """nbconvert's, with report-nb's preprocessors enabled."""
        return base.default_config(super().default_config)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "report_html"

    def from_notebook_node(  # type: ignore[override]  # the output is text, as in TemplateExporter
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Export; under ``jupyter nbconvert``, a report-nb error is one line and an exit code."""
        with base.one_line_errors(resources):
            return super().from_notebook_node(nb, resources, **kw)

    def default_filters(self) -> Any:
        """Nbconvert's filters plus ``report_page``."""
        yield from super().default_filters()
        yield ("report_page", page_of)
