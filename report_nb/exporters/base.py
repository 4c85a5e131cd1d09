"""What report-nb's exporters share: one preprocessor chain, switched on by default config.

Like nbconvert's own (``TagRemovePreprocessor`` and the rest), report-nb's preprocessors are
*default preprocessors* of the exporter, off unless configuration enables them; the exporters'
``default_config`` enables them, and a user's config wins (``--ValidateReportPreprocessor.strict
=False``, or ``.enabled=False``). nbconvert builds each with ``parent=exporter``, so options given
on the command line arrive converted to their trait's type. The chain itself is declared once, in
:func:`report_nb.preprocessors.chain`.
"""

from __future__ import annotations

from nbconvert.exporters import Exporter
from traitlets.config import Config

from report_nb.preprocessors import chain


def default_preprocessors() -> list[object]:
    """Nbconvert's default preprocessors (all off by default), then report-nb's chain."""
    nbconvert = Exporter.class_traits()["default_preprocessors"].default() or []
    return [*nbconvert, *chain()]


def default_config(base: Config) -> Config:
    """``base`` (the parent exporter's default config) with report-nb's preprocessors enabled."""
    config = Config({cls.__name__: {"enabled": True} for cls in chain()})
    config.merge(base)
    return config
