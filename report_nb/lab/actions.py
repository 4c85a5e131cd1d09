"""The lab commands on the saved notebook: check, build, merge README edits.

Each calls the function the CLI calls and answers JSON for the front end; report-nb errors pass
through (the handler turns them into one line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def check(path: Path) -> dict[str, Any]:
    """``report-nb check NOTEBOOK``: passed/total, failing questions, warnings."""
    from report_nb.build.project import report_from_notebook
    from report_nb.core.check import check_report

    result = check_report(report_from_notebook(path), path=str(path))
    return result.to_json()


def build(path: Path) -> dict[str, Any]:
    """``report-nb build NOTEBOOK`` (strict, cached): the files written and the check's totals."""
    from report_nb.build.builder import build as run_build

    result = run_build(path, progress=False)
    folder = path.parent
    return {
        "readme": _relative(result.readme, folder),
        "written": [_relative(p, folder) for p in result.written],
        "removed": [_relative(p, folder) for p in result.removed],
        "skipped": result.skipped,
        "executed": result.executed,
        "cached": result.cached,
        "passed": result.check.passed,
        "total": result.check.total,
    }


def merge(path: Path) -> dict[str, Any]:
    """``report-nb import --merge README`` into the notebook; the front end then reloads it."""
    from report_nb.build.project import import_readme, readme_path
    from report_nb.notebook.pairing import read_notebook

    nb, nb_path = read_notebook(path)
    readme = readme_path(nb, nb_path)
    written = import_readme(readme, nb_path, merge=True)
    return {
        "readme": _relative(readme, path.parent),
        "written": [_relative(p, path.parent) for p in written],
    }


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path)
