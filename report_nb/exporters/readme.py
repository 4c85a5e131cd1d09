"""ReadmeExporter: the notebook as the course's ``reports/README.md``, in the template's format.

A plain :class:`nbconvert.exporters.Exporter`, as nbconvert's ``NotebookExporter`` is: the
preprocessors run (glue values, save figures, validate; see :mod:`report_nb.exporters.base`),
then the README is spliced from the cells' text (see :mod:`report_nb.notebook.cells`), not
re-rendered, so an unedited notebook exports byte for byte to the README it was imported from.
Registered as the ``report_readme`` entry point. Like ``NotebookExporter``, it names its output
with a suffix when nbconvert picks the name: ``jupyter nbconvert --to report_readme report.ipynb``
writes ``report.readme.md`` (never the jupytext pair ``report.md``), while ``--output README`` or
``--output README.md`` writes ``README.md``.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters import Exporter
from nbformat import NotebookNode
from traitlets import default
from traitlets.config import Config

from report_nb.exporters import base
from report_nb.render.readme import readme_text

#: Added to the notebook's name when nbconvert names the output: report.ipynb -> report.readme.md.
OUTPUT_SUFFIX = ".readme"


class ReadmeExporter(Exporter):
    """Export a report notebook to the course README format."""

    export_from_notebook = "Course README (report-nb)"
    output_mimetype = "text/markdown"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".md"

    @default("default_preprocessors")
    def _default_preprocessors_default(self) -> list[object]:
        return base.default_preprocessors()

    @default("optimistic_validation")
    def _optimistic_validation_default(self) -> bool:
        return True  # validate once after all preprocessors, not after each

    @property
    def default_config(self) -> Config:
        """nbconvert's, with report-nb's preprocessors enabled."""
        return base.default_config(super().default_config)

    def from_notebook_node(  # type: ignore[override]  # the output is text, not a notebook
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Preprocess a copy of ``nb``, then splice the README from its cells."""
        with base.one_line_errors(resources):
            nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_suffix"] = OUTPUT_SUFFIX
        return readme_text(nb_copy), resources
