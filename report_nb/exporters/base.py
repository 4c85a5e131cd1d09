"""What report-nb's exporters share: template folders, configured preprocessors, validation."""

from __future__ import annotations

from nbconvert.exporters import TemplateExporter
from traitlets import default
from traitlets.utils.importstring import import_item

from report_nb.paths import template_dir


class ReportTemplateExporter(TemplateExporter):
    """A TemplateExporter that finds report-nb's template folders."""

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        return [*super()._default_extra_template_basedirs(), str(template_dir())]

    @default("optimistic_validation")
    def _optimistic_validation_default(self) -> bool:
        return True  # validate once after all preprocessors, not after each of nbconvert's ~15

    def _init_preprocessors(self) -> None:
        """Register the template's preprocessors as children of this exporter.

        nbconvert's TemplateExporter builds them from ``conf.json`` with the user's config
        section passed as keyword arguments, so an option given on the command line
        (``--ValidateReportPreprocessor.strict=False``) arrives as an unconverted string.
        Built with ``parent=self``, traitlets converts such options to the trait's type; the
        user's config wins over ``conf.json``.
        """
        super(TemplateExporter, self)._init_preprocessors()
        specs = self._get_conf().get("preprocessors", {})
        for _, spec in sorted(specs.items()):
            if spec is None:
                continue
            options = dict(spec)
            cls = import_item(options.pop("type"))
            for name in self.config.get(cls.__name__, {}):
                options.pop(name, None)
            self.register_preprocessor(cls(parent=self, **options))
