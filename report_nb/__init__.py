"""report-nb: write the DTU 02476 MLOps project report as a live Jupyter notebook.

Only the version and the kernel-side helpers live here, imported lazily, so that
``import report_nb`` (and ``report-nb check``) stays as cheap as a bare script.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)

if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "glue"]


def glue(name: str, value: Any, fmt: str | None = None) -> None:
    """Publish ``value`` under ``name`` for ``{{ name }}`` placeholders in the answers.

    Call it in a code cell; the build replaces ``{{ name }}`` in the answer text with the value
    (formatted with ``fmt``, e.g. ``".1f"``, if given).
    """
    from report_nb.kernel import glue as _glue

    _glue(name, value, fmt)
