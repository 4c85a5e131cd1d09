"""The ``report-nb`` command: options in, library calls out, and the one place errors become exits.

argparse rather than a framework: ``report-nb check`` must start as fast as a bare script, so
this module imports nothing heavy and each command imports what it needs when it runs.
Exit codes: 0 success, 1 a check or build found failures, 2 bad input or a refused write,
3 an internal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from report_nb import __version__
from report_nb.core.printing import FORMATS
from report_nb.core.rules import PROFILE_CHOICES
from report_nb.errors import ReportNbError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from typing import Any

# Optional imports that cost a command time for nothing it uses (see main()).
_SKIPPED_IMPORTS = (
    # jsonschema's checkers for the "format" keyword; nbformat validates with a Draft4Validator
    # built without a format checker, so none of them ever runs
    "rfc3987_syntax",
    "rfc3986_validator",
    "rfc3339_validator",
    "isoduration",
    "uri_template",
    "webcolors",
    "fqdn",
    "jsonpointer",
    "jupytext.sync_contentsmanager",
    "jupytext.async_contentsmanager",
)


def run() -> None:
    """The ``report-nb`` console script (and ``python -m report_nb``): :func:`main`, then exit.

    The command is over when :func:`main` returns, and every file it wrote is closed. Frozen,
    the objects of the modules it imported are left out of the collector's passes at interpreter
    exit, which cost about 0.1 s after importing nbformat and jupytext (Instagram's "Dismissing
    Python garbage collection" describes the same). :func:`main` itself, which tests and
    ``tasks.py`` call in-process, collects as usual.
    """
    # With JupyterLab in the venv, optional imports cost a command seconds for nothing it uses:
    # jsonschema (through nbformat) imports its format checkers, among them rfc3987_syntax,
    # which compiles Lark grammars at import (a known upstream cost), and jupytext imports its
    # Jupyter contents managers, and with them jupyter_server. All are optional upstream (they
    # are skipped on ImportError); a command never needs them, so this process skips them. So
    # does nbformat's default validator, which compiles the whole schema before its first use:
    # jsonschema validates the one notebook a command reads sooner. This is the process's own
    # start-up, never the library's: main() and the command functions change no global state.
    for optional in _SKIPPED_IMPORTS:
        sys.modules.setdefault(optional, None)  # type: ignore[arg-type]
    os.environ.setdefault("NBFORMAT_VALIDATOR", "jsonschema")
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (:func:`run` exits with it)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command == "check":  # notes only when it finishes a killed write (see _check)
            return args.run(args)
        with _notes_to_stderr():
            return args.run(args)
    except ReportNbError as error:
        print(f"report-nb: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("report-nb: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug, not a user mistake: say so in one line
        if os.environ.get("REPORT_NB_DEBUG"):
            raise
        print(
            f"report-nb: internal error: {type(error).__name__}: {error} "
            "(set REPORT_NB_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="report-nb",
        description="Write the 02476 MLOps report as a live Jupyter notebook.",
    )
    parser.add_argument("--version", action="version", version=f"report-nb {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="count words and images as the graders' checker")
    check.add_argument("paths", nargs="+", metavar="PATH", help="README.md files or notebooks")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument(
        "--profile",
        choices=PROFILE_CHOICES,
        default="auto",
        help="course year whose official limits apply (default: a notebook's own, kept by "
        "'import --profile', else detect)",
    )
    check.set_defaults(run=_check)

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
    imp.set_defaults(run=_import)

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
    export.set_defaults(run=_export)

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
    build.set_defaults(run=_build)

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
    html.set_defaults(run=_html)
    _audit_parser(commands)
    _git_parsers(commands)
    return parser


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
    audit.set_defaults(run=_audit)


def _git_parsers(commands: argparse._SubParsersAction) -> None:
    git = commands.add_parser(
        "config-git",
        help="register report-nb's git merge drivers for state.json and the built README",
    )
    git.add_argument(
        "readmes", type=Path, nargs="*", metavar="README", help="generated READMEs (default: found)"
    )
    git.set_defaults(run=_config_git)

    driver = commands.add_parser(
        "merge-driver", help="(called by git) merge three versions of a file report-nb writes"
    )
    driver.add_argument("kind", choices=("state", "readme"))
    driver.add_argument("base", type=Path)
    driver.add_argument("ours", type=Path)
    driver.add_argument("theirs", type=Path)
    driver.add_argument("name", nargs="?", default="README.md")
    driver.set_defaults(run=_merge_driver)


def _config_git(args: argparse.Namespace) -> int:
    from report_nb.commands.gitconfig import config_git

    print(config_git(readmes=args.readmes or None).summary(), end="")
    return 0


def _merge_driver(args: argparse.Namespace) -> int:
    from report_nb.commands.gitmerge import merge_readme_files, merge_state_files

    if args.kind == "state":
        return merge_state_files(args.base, args.ours, args.theirs)
    return merge_readme_files(args.base, args.ours, args.theirs, args.name)


def _check(args: argparse.Namespace) -> int:
    from report_nb.commands.checking import check
    from report_nb.core.printing import format_results

    # Checking builds no reference cycles; on a batch of reports the cyclic collector only
    # re-scans the growing list of results (a quarter of the run time on 1000 files).
    collecting = gc.isenabled()
    gc.disable()
    results, errors, code = [], [], 0
    try:
        for name in args.paths:
            try:
                with _notes_to_stderr() if _pending(Path(name)) else contextlib.nullcontext():
                    results.append(check(Path(name), args.profile))
            except ReportNbError as error:
                print(f"report-nb: error: {error}", file=sys.stderr)
                errors.append({"path": name, "error": str(error)})
                code = 2
    finally:
        if collecting:
            gc.enable()
    if results:
        print(format_results(results, args.format, errors=errors))
    if code == 0 and not all(result.ok for result in results):
        code = 1
    return code


def _import(args: argparse.Namespace) -> int:
    if args.merge:
        return _merge(args)
    if args.undo_merge:
        return _undo_merge(args)
    from report_nb.commands.importing import import_readme

    result = import_readme(args.readme, args.output, force=args.force, profile=args.profile)
    for path in result.written:
        print(f"wrote {path}")
    for note in result.notes:
        print(f"report-nb: note: {note}", file=sys.stderr)
    return 0


def _merge(args: argparse.Namespace) -> int:
    from report_nb.commands.edits import find_pair
    from report_nb.commands.merging import merge_readme

    result = merge_readme(args.readme, find_pair(args.readme, args.output))
    print(result.summary(), end="")
    return 1 if result.conflicts else 0


def _undo_merge(args: argparse.Namespace) -> int:
    from report_nb.commands.edits import find_pair
    from report_nb.commands.merging import undo_merge

    for path in undo_merge(find_pair(args.readme, args.output), force=args.force):
        print(f"restored {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from report_nb.commands.exporting import export_readme

    result = export_readme(args.notebook, args.output, force=args.force)
    print(f"{'wrote' if result.changed else 'unchanged'} {result.readme}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from report_nb.commands.building import build
    from report_nb.commands.options import build_config, load_config
    from report_nb.execution.engine import console_progress

    bar, on_cell = console_progress(args.quiet)
    options = build_config(
        strict=args.strict,
        profile=args.profile,
        execute=args.execute,
        parameters={name: _literal(value) for name, value in args.parameter},
        offline=args.offline,
        use_cache=args.cache,
        force=args.force,
        html=args.html,
        readme=args.output,
        html_output=args.html_output,
        kernel=args.kernel,
        progress=bar,
        timeout=args.timeout,
    )
    config = load_config(args.notebook.resolve().parent, options)
    result = build(args.notebook, config, on_cell=on_cell)
    print(result.summary(), end="")
    return 0


def _html(args: argparse.Namespace) -> int:
    from report_nb.commands.html import write_handin, write_html

    if args.as_grader:
        path = write_handin(args.readme, args.output, force=args.force)
    else:
        path = write_html(args.readme, args.output, profile=args.profile, force=args.force)
    print(f"wrote {path}")
    return 0


def _pending(path: Path) -> bool:
    """Whether a killed command left a write to finish beside ``path`` (check notes it then)."""
    from report_nb.store.layout import Layout

    return Layout(path.parent).journal.exists()


def _audit(args: argparse.Namespace) -> int:
    if args.table:
        return _audit_table(args)
    from report_nb.audit.printing import format_audit
    from report_nb.commands.auditing import audit

    result = audit(args.readme, args.repo)
    print(format_audit(result, args.format))
    return 0 if result.ok else 1


def _audit_table(args: argparse.Namespace) -> int:
    from report_nb.audit.table import audit_table, write_table
    from report_nb.errors import AuditError

    if args.output is None or args.readme is not None:
        raise AuditError("--table needs -o TABLE.csv and takes repository folders only")
    tty = sys.stderr.isatty()
    every = 1 if tty else max(1, len(args.table) // 20)

    def progress(done: int, total: int, name: str) -> None:
        if tty:
            print(f"\raudit {done}/{total} {name[:40]:<40}", end="", file=sys.stderr, flush=True)
        elif done % every == 0 or done == total:
            print(f"audit {done}/{total} {name}", file=sys.stderr, flush=True)

    rows = audit_table(args.table, progress)
    if tty:
        print(file=sys.stderr)
    for path in write_table(rows, args.output):
        print(f"wrote {path}")
    return 0


@contextlib.contextmanager
def _notes_to_stderr() -> Iterator[None]:
    """Show what the library logs (e.g. a recovered write) as ``report-nb: note: ...`` lines."""
    import logging  # not at the top: ``check`` rarely needs it, and it costs start-up time

    logger = logging.getLogger("report_nb")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("report-nb: note: %(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


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


def _literal(text: str) -> object:
    """A parameter value as papermill's CLI reads it: int, float, bool, None or text."""
    named = {"True": True, "true": True, "False": False, "false": False, "None": None}
    if text in named:
        return named[text]
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text
