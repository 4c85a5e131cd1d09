"""nbconvert preprocessors of report-nb, one per module: glue values, save figures, validate."""

from __future__ import annotations

from report_nb.preprocessors.figures import SaveFiguresPreprocessor
from report_nb.preprocessors.glue import GluePreprocessor
from report_nb.preprocessors.validate import ValidateReportPreprocessor

__all__ = ["GluePreprocessor", "SaveFiguresPreprocessor", "ValidateReportPreprocessor"]
