"""What report-nb's two exporters share: where their templates are, and one validation pass."""

from __future__ import annotations

from nbconvert.exporters import TemplateExporter
from traitlets import default

from report_nb.paths import template_dir


class ReportTemplateExporter(TemplateExporter):
    """A TemplateExporter that finds report-nb's template folders."""

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [*super()._default_extra_template_basedirs(), str(template_dir())]

    @default("optimistic_validation")
    def _optimistic_validation_default(self) -> bool:
        return True  # validate once after all preprocessors, not after each of nbconvert's ~15
