"""nbconvert preprocessors of report-nb, one per module: glue values, save figures, validate.

:func:`chain` is the one place their order is declared; the build's pipeline and both nbconvert
exporters run this chain.
"""

from __future__ import annotations

from report_nb.preprocessors.base import ReportPreprocessor
from report_nb.preprocessors.figures import SaveFiguresPreprocessor
from report_nb.preprocessors.glue import GluePreprocessor
from report_nb.preprocessors.validate import ValidateReportPreprocessor

__all__ = [
    "GluePreprocessor",
    "ReportPreprocessor",
    "SaveFiguresPreprocessor",
    "ValidateReportPreprocessor",
    "chain",
]


def chain() -> list[type[ReportPreprocessor]]:
    """report-nb's preprocessors in the order they run: glue values, name figures, validate."""
    return [GluePreprocessor, SaveFiguresPreprocessor, ValidateReportPreprocessor]
