"""nbconvert exporters of report-nb: the course README and the self-contained HTML report."""

from __future__ import annotations

from report_nb.exporters.html import ReportHTMLExporter
from report_nb.exporters.readme import ReadmeExporter

__all__ = ["ReadmeExporter", "ReportHTMLExporter"]
