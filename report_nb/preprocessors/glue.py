"""GluePreprocessor: fill ``{{ name }}`` in answer text with values code cells glued.

A code cell publishes a value with ``report_nb.glue("coverage", 87.3)``; the value travels in
the cell's outputs (so a cached build keeps it). Placeholders are filled in the Markdown cells of
answers, so the README, the word counts and the HTML all see the real number. A placeholder
without a value is an error naming the question and the name. Answer cells imported with literal
``{{ ... }}`` text carry ``"glue": false`` and are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode
from traitlets import Bool

from report_nb.errors import BuildError
from report_nb.notebook.cells import PLACEHOLDER
from report_nb.notebook.metadata import cell_info, cell_questions
from report_nb.preprocessors.base import ReportPreprocessor
from report_nb.protocol import GLUE_MIME
from report_nb.resources import ReportResources


def glued_values(nb: NotebookNode) -> dict[str, str]:
    """Every value glued by the notebook's code cells (a later glue of a name wins)."""
    values: dict[str, str] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(GLUE_MIME)
            if isinstance(payload, dict) and "name" in payload:
                values[payload["name"]] = str(payload.get("text", ""))
    return values


class GluePreprocessor(ReportPreprocessor):
    """Replace ``{{ name }}`` placeholders in answers with the glued values."""

    allow_missing = Bool(
        True,
        help="Leave a placeholder without a value in place, for ValidateReportPreprocessor to "
        "fail its question (False: fail at once).",
    ).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        """Fill the placeholders of every answer cell; the values go to ``resources`` too."""
        info = ReportResources.of(resources)
        values = info.glue = glued_values(nb)
        for cell, question in zip(nb.cells, cell_questions(nb), strict=True):
            if question is None or cell.cell_type != "markdown":
                continue
            if cell_info(cell).get("glue") is False:
                continue

            def value(match: re.Match[str], question: int = question) -> str:
                return self._value(match, values, question, info)

            cell.source = PLACEHOLDER.sub(value, cell.source)
        return nb, resources

    def _value(
        self, match: re.Match[str], values: dict[str, str], question: int, info: ReportResources
    ) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        if self.allow_missing:
            info.unresolved.append((question, name))
            return match.group(0)
        known = ", ".join(sorted(values)) or "none"
        raise BuildError(
            f"'{{{{ {name} }}}}' has no value: no code cell called report_nb.glue({name!r}, ...)",
            question=question,
            hint=f"glued names: {known}",
        )
