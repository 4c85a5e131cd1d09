"""ReadmeExporter: the notebook as the course's ``reports/README.md``, in the template's format.

The README is spliced from the cells' text (see :mod:`report_nb.notebook.cells`), not
re-rendered, so an unedited notebook exports byte for byte to the README it was imported from.
The preprocessors of the template folder (glue values, save figures, validate) run first.
Registered as the ``report_readme`` entry point. Like nbconvert's NotebookExporter, it names its
output with a suffix when nbconvert picks the name: ``jupyter nbconvert --to report_readme
report.ipynb`` writes ``report.readme.md`` (never the jupytext pair ``report.md``), while
``--output README`` or ``--output README.md`` writes ``README.md``.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from traitlets import default

from report_nb.core.template import render
from report_nb.exporters.base import ReportTemplateExporter
from report_nb.notebook.cells import KEY, to_report
from report_nb.notebook.outputs import cell_markdown

#: Added to the notebook's name when nbconvert names the output: report.ipynb -> report.readme.md.
OUTPUT_SUFFIX = ".readme"


def readme_text(nb: NotebookNode) -> str:
    """The README text of a (preprocessed) notebook; a Jinja filter of the template."""
    return render(to_report(nb, render_code=cell_markdown))


class ReadmeExporter(ReportTemplateExporter):
    """Export a report notebook to the course README format."""

    export_from_notebook = "Course README (report-nb)"
    output_mimetype = "text/markdown"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".md"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".md.j2"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "report_readme"

    @default("raw_mimetypes")
    def _raw_mimetypes_default(self) -> list[str]:
        return ["text/markdown", ""]

    def default_filters(self) -> Any:
        """Nbconvert's filters plus ``report_readme``."""
        yield from super().default_filters()
        yield ("report_readme", readme_text)

    def from_notebook_node(  # type: ignore[override]  # the output is text, as in TemplateExporter
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Preprocess, render the template, and keep the README's leading blank lines."""
        output, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_suffix"] = OUTPUT_SUFFIX
        # TemplateExporter strips leading newlines from every output; a README may start with
        # blank lines, which are part of the byte-for-byte round trip.
        info = nb.metadata.get(KEY, {})
        lead = "" if info.get("bom") else info.get("lead", "")
        stripped = lead[: len(lead) - len(lead.lstrip("\r\n"))]
        return stripped + output, resources
