"""``report-nb export``: write README.md from the notebook's stored outputs, without running it.

Export is a build that does not execute: the same ownership rules, the same transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from report_nb.commands.building import build
from report_nb.commands.options import build_config


class ExportResult(NamedTuple):
    """The README :func:`export_readme` wrote, and whether any file changed."""

    readme: Path
    changed: bool


def export_readme(path: Path, output: Path | None = None, *, force: bool = False) -> ExportResult:
    """Write the README (and its figures) from the notebook pair at ``path``'s stored outputs.

    Raises what :func:`~report_nb.commands.building.build` raises, among them
    :class:`~report_nb.errors.WouldOverwriteError` for a README edited by hand (without ``force``).
    """
    config = build_config(execute=False, strict=False, html=False, readme=output, force=force)
    result = build(path, config)
    return ExportResult(result.readme, bool(result.written or result.removed))
