"""What report-nb's exporters share: template folders, configured preprocessors, validation.

And the error boundary of ``jupyter nbconvert --to report_readme|report_html``: nbconvert's
command line prints a traceback for any exception from an exporter, so under that command (and
only there: a server or a library caller gets the exception) a report-nb error is one line on
stderr and the command's exit code, as with ``report-nb`` itself.
"""

from __future__ import annotations

import sys
from typing import Any

from nbconvert.exporters import TemplateExporter
from nbformat import NotebookNode
from traitlets import default
from traitlets.utils.importstring import import_item

from report_nb.errors import ReportNbError
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

    def from_notebook_node(  # type: ignore[override]  # the output is text, as in TemplateExporter
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Export; under ``jupyter nbconvert``, a report-nb error is one line and an exit code."""
        try:
            return super().from_notebook_node(nb, resources, **kw)
        except ReportNbError as error:
            if not _in_nbconvert_command():
                raise
            name = (resources or {}).get("metadata", {}).get("name")
            where = f"{name}.ipynb: " if name and not error.path else ""
            print(f"report-nb: error: {where}{error}", file=sys.stderr)
            raise SystemExit(error.exit_code) from None


def _in_nbconvert_command() -> bool:
    """Whether this process is ``jupyter nbconvert`` (its application singleton exists)."""
    from nbconvert.nbconvertapp import NbConvertApp

    return bool(NbConvertApp.initialized())
