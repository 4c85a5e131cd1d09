"""Where report-nb's nbconvert templates are: in the wheel, or in the source tree when editable."""

from __future__ import annotations

from pathlib import Path


def template_dir() -> Path:
    """The folder holding the ``report_html/`` template."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"
