"""What report-nb's exporters share: one preprocessor chain, switched on by default config.

Like nbconvert's own (``TagRemovePreprocessor`` and the rest), report-nb's preprocessors are
*default preprocessors* of the exporter, off unless configuration enables them; the exporters'
``default_config`` enables them, and a user's config wins (``--ValidateReportPreprocessor.strict
=False``, or ``.enabled=False``). nbconvert builds each with ``parent=exporter``, so options given
on the command line arrive converted to their trait's type. The chain itself is declared once, in
:func:`report_nb.preprocessors.chain`.

And the error boundary of ``jupyter nbconvert --to report_readme|report_html``: nbconvert's
command line prints a traceback for any exception from an exporter, so under that command (and
only there: a server or a library caller gets the exception) a report-nb error is one line on
stderr and the command's exit code, as with ``report-nb`` itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from nbconvert.exporters import Exporter
from traitlets.config import Config

from report_nb.errors import ReportNbError
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


@contextmanager
def one_line_errors(resources: dict[str, Any] | None) -> Iterator[None]:
    """Under ``jupyter nbconvert``, turn a report-nb error into one line and an exit code."""
    try:
        yield
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
