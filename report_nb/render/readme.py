"""The README text of a prepared notebook: its cells spliced into the course's template.

The answers are the cells' text (see :mod:`report_nb.notebook.cells`), code cells become what
their outputs show (:func:`report_nb.notebook.outputs.cell_markdown`), and the template's own
text comes back byte for byte. ``ReadmeExporter`` and the build both call :func:`readme_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from report_nb.core.template import render
from report_nb.notebook.cells import to_report
from report_nb.notebook.outputs import cell_markdown

if TYPE_CHECKING:
    from nbformat import NotebookNode


def readme_text(nb: NotebookNode) -> str:
    """The README text of a (preprocessed) notebook."""
    return render(to_report(nb, render_code=cell_markdown))
