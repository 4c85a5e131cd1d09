"""The options of every ``report-nb`` command, and the function each one runs.

Each subcommand's parser sets ``run`` to its adapter in :mod:`report_nb.cli.adapters`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import report_nb.cli.adapters as adapters
from report_nb import __version__
from report_nb.core.printing import FORMATS
from report_nb.core.rules import PROFILE_CHOICES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from typing import Any


def parser() -> argparse.ArgumentParser:
    """The ``report-nb`` parser with every subcommand."""
    parser = _Parser(
        prog="report-nb",
        description="Write the 02476 MLOps report as a live Jupyter notebook.",
    )
    parser.add_argument("--version", action="version", version=f"report-nb {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    _check_parser(commands)
    _import_parser(commands)
    _export_parser(commands)
    _build_parser(commands)
    _html_parser(commands)
    _audit_parser(commands)
    _git_parsers(commands)
    return parser


def _check_parser(commands: argparse._SubParsersAction) -> None:
    """``check PATH...``: the graders' counts, per question."""
    check = commands.add_parser("check", help="count words and images as the graders' checker")
    check.add_argument("paths", nargs="+", metavar="PATH", help="README.md files or notebooks")
    check.add_argument("--format", choices=FORMATS, default=adapters.CHECK_DEFAULTS["format"])
    check.add_argument(
        "--profile",
        choices=PROFILE_CHOICES,
        default=adapters.CHECK_DEFAULTS["profile"],
        help="course year whose official limits apply (default: a notebook's own, kept by "
        "'import --profile', else detect)",
    )
    check.set_defaults(run=adapters.run_check)


def _import_parser(commands: argparse._SubParsersAction) -> None:
    """``import README``: the paired notebook, a merge into it, or the merge's undo."""
    imp = commands.add_parser("import", help="turn reports/README.md into a paired notebook")
    imp.add_argument("readme", type=Path, help="the course report, e.g. reports/README.md")
    imp.add_argument(
        "-o", "--output", type=Path, help="notebook path (default: report.ipynb beside the README)"
    )
    imp.add_argument("--force", action="store_true", help="replace an existing notebook pair")
    imp.add_argument(
        "--merge",
        action="store_true",
        help="bring hand edits of the README back into the existing notebook (three-way)",
    )
    imp.add_argument(
        "--undo-merge",
        action="store_true",
        help="put back the notebook pair as it was before the last --merge",
    )
    imp.add_argument(
        "--profile",
        choices=PROFILE_CHOICES,
        default="auto",
        help="course year whose official limits apply (default: detect); the notebook keeps it",
    )
    imp.set_defaults(run=adapters.run_import)


def _export_parser(commands: argparse._SubParsersAction) -> None:
    """``export NOTEBOOK``: README.md from the stored outputs."""
    export = commands.add_parser(
        "export", help="write README.md from the notebook's stored outputs, without running it"
    )
    export.add_argument("notebook", type=Path, help="report.ipynb or its paired report.md")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        help="README path (default: the README the notebook was imported from)",
    )
    export.add_argument(
        "--force", action="store_true", help="overwrite a README that was edited by hand"
    )
    export.set_defaults(run=adapters.run_export)


def _build_parser(commands: argparse._SubParsersAction) -> None:
    """``build NOTEBOOK``: run, then write README.md, figures and the HTML report."""
    build = commands.add_parser(
        "build", help="run the notebook and write README.md, figures and the HTML report"
    )
    build.add_argument("notebook", type=Path, help="report.ipynb or its paired report.md")
    build.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="override a value of the parameters cell",
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="set offline=True; network sources reuse their last saved data",
    )
    build.add_argument(
        "--no-execute",
        dest="execute",
        action="store_false",
        help="export the stored outputs as they are",
    )
    build.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="write the outputs even if questions fail their limits",
    )
    build.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="run the code even if nothing it depends on changed",
    )
    build.add_argument("--no-html", dest="html", action="store_false", help="skip the HTML")
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        help="README path (default: the README the notebook was imported from)",
    )
    build.add_argument(
        "--html-output", type=Path, help="HTML path (default: report.html beside the README)"
    )
    build.add_argument("--kernel", help="kernel name (default: the notebook's kernelspec)")
    build.add_argument(
        "--profile",
        choices=PROFILE_CHOICES,
        default="auto",
        help="course year whose official limits apply (default: the notebook's own)",
    )
    build.add_argument(
        "--force", action="store_true", help="overwrite a README or HTML that was edited by hand"
    )
    build.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="fail a cell that runs longer than this (default: 600; 0: no limit)",
    )
    build.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress (a bar on a terminal, else a line per code cell)",
    )
    build.set_defaults(run=adapters.run_build)


def _html_parser(commands: argparse._SubParsersAction) -> None:
    """``html [README]``: a self-contained page, or the hand-in page as graders see it."""
    html = commands.add_parser(
        "html",
        help="render a README.md as a self-contained HTML page "
        "(a drop-in for 'python report.py html')",
    )
    html.add_argument("readme", type=Path, nargs="?", default=Path("README.md"))
    html.add_argument(
        "-o",
        "--output",
        type=Path,
        help="HTML path (default beside the README: report.html; with --as-grader, handin.html)",
    )
    html.add_argument("--profile", choices=PROFILE_CHOICES, default="auto")
    html.add_argument(
        "--force", action="store_true", help="overwrite a report.html that report-nb did not write"
    )
    html.add_argument(
        "--as-grader",
        action="store_true",
        help="write exactly what the course's 'report.py html' writes, the hand-in page, "
        "to handin.html",
    )
    html.set_defaults(run=adapters.run_html)


def _audit_parser(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser(
        "audit", help="hold the checklist against the repository: evidence for each ticked item"
    )
    audit.add_argument(
        "readme", type=Path, nargs="?", help="the report (default: reports/README.md of this repo)"
    )
    audit.add_argument(
        "--repo", type=Path, help="repository root (default: the git top level around the README)"
    )
    audit.add_argument("--format", choices=FORMATS, default="text")
    audit.add_argument(
        "--table",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="course staff: one row per group repository folder, written with -o as CSV and JSON",
    )
    audit.add_argument("-o", "--output", type=Path, help="the table's CSV path (with --table)")
    audit.set_defaults(run=adapters.run_audit)


def _git_parsers(commands: argparse._SubParsersAction) -> None:
    git = commands.add_parser(
        "config-git",
        help="register report-nb's git merge drivers for state.json and the built README",
    )
    git.add_argument(
        "readmes", type=Path, nargs="*", metavar="README", help="generated READMEs (default: found)"
    )
    git.set_defaults(run=adapters.run_config_git)

    driver = commands.add_parser(
        "merge-driver", help="(called by git) merge three versions of a file report-nb writes"
    )
    driver.add_argument("kind", choices=("state", "readme"))
    driver.add_argument("base", type=Path)
    driver.add_argument("ours", type=Path)
    driver.add_argument("theirs", type=Path)
    driver.add_argument("name", nargs="?", default="README.md")
    driver.set_defaults(run=adapters.run_merge_driver)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized without ``shutil`` (argparse imports it for every parser).

    The width is what ``shutil.get_terminal_size`` would give: ``$COLUMNS``, else the terminal's,
    else 80.
    """

    def __init__(self, prog: str) -> None:
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            width = int(columns)
        else:
            try:
                width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                width = 80
        super().__init__(prog, width=max(width - 2, 11))


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser (and its subcommands' parsers) with :class:`_HelpFormatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
