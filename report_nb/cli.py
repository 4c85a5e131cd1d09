"""The ``report-nb`` command: options in, library calls out, and the one place errors become exits.

argparse rather than a framework: ``report-nb check`` must start as fast as a bare script, so
this module imports nothing heavy and each command imports what it needs when it runs.
Exit codes: 0 success, 1 a check or build found failures, 2 bad input or a refused write,
3 an internal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from report_nb import __version__
from report_nb.core.printing import FORMATS
from report_nb.core.rules import PROFILE_CHOICES
from report_nb.errors import ReportNbError

if TYPE_CHECKING:  # imported for annotations only: the commands import what they need
    from report_nb.build.builder import BuildResult
    from report_nb.core.check import CheckResult


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
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (:func:`run` exits with it)."""
    # With JupyterLab in the venv, optional imports cost a command seconds for nothing it uses:
    # jsonschema (through nbformat) imports its format checkers, among them rfc3987_syntax,
    # which compiles Lark grammars at import (a known upstream cost), and jupytext imports its
    # Jupyter contents managers, and with them jupyter_server. All are optional upstream (they
    # are skipped on ImportError); a command never needs them, so it skips them.
    for optional in _SKIPPED_IMPORTS:
        sys.modules.setdefault(optional, None)  # type: ignore[arg-type]
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
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
    parser = argparse.ArgumentParser(
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
        help="course year whose official limits apply (default: detect)",
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
    imp.add_argument("--profile", choices=PROFILE_CHOICES, default="auto")
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
    build.add_argument("--profile", choices=PROFILE_CHOICES, default="auto")
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
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    build.set_defaults(run=_build)

    html = commands.add_parser(
        "html",
        help="render a README.md as a self-contained HTML page "
        "(a drop-in for 'python report.py html')",
    )
    html.add_argument("readme", type=Path, nargs="?", default=Path("README.md"))
    html.add_argument(
        "-o", "--output", type=Path, help="HTML path (default: report.html beside the README)"
    )
    html.add_argument("--profile", choices=PROFILE_CHOICES, default="auto")
    html.add_argument(
        "--force", action="store_true", help="overwrite a report.html that report-nb did not write"
    )
    html.add_argument(
        "--as-grader",
        action="store_true",
        help="write exactly what the course's 'report.py html' writes: the hand-in page",
    )
    html.set_defaults(run=_html)
    return parser


def _check(args: argparse.Namespace) -> int:
    from report_nb.core.printing import format_results

    # Checking builds no reference cycles; on a batch of reports the cyclic collector only
    # re-scans the growing list of results (a quarter of the run time on 1000 files).
    collecting = gc.isenabled()
    gc.disable()
    results, errors, code = [], [], 0
    try:
        for name in args.paths:
            try:
                result = _check_one(Path(name), args.profile)
                _add_stale_warnings(result, Path(name))
                results.append(result)
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


def _add_stale_warnings(result: CheckResult, path: Path) -> None:
    """Questions built --offline from saved data, as recorded by the build that wrote ``path``."""
    from report_nb.build.layout import Layout
    from report_nb.build.state import State
    from report_nb.core.check import Finding

    if not Layout(path.parent).state.exists():
        return
    for question, sources in sorted(State(path.parent).stale(path).items()):
        result.warnings.append(
            Finding(question, None, "stale: built --offline from saved data: " + ", ".join(sources))
        )


def _check_one(path: Path, profile: str) -> CheckResult:
    """Check a README, or the README a notebook (cells and stored outputs) exports."""
    from report_nb.build.transaction import recover_if_pending
    from report_nb.core.check import check_text
    from report_nb.io import read_text

    recover_if_pending(path.parent)  # a build killed while writing: read one version, not two

    text = read_text(path) if path.suffix != ".ipynb" else ""
    if path.suffix == ".ipynb" or text.lstrip("\ufeff").startswith("---\njupytext:"):
        from report_nb.build.pipeline import check_notebook
        from report_nb.notebook.cells import readme_path
        from report_nb.notebook.pairing import read_notebook

        # nbformat's default validator compiles the whole schema before its first use, which
        # costs more than jsonschema takes to validate the one notebook a check reads
        os.environ.setdefault("NBFORMAT_VALIDATOR", "jsonschema")
        nb, nb_path = read_notebook(path)
        return check_notebook(nb, readme_path(nb, nb_path), profile, path=str(path))
    return check_text(text, str(path), profile)


def _import(args: argparse.Namespace) -> int:
    if args.merge:
        return _merge(args)
    if args.undo_merge:
        return _undo_merge(args)
    from report_nb.build.project import import_readme

    notes: list[str] = []
    written = import_readme(
        args.readme, args.output, force=args.force, profile=args.profile, notes=notes
    )
    for path in written:
        print(f"wrote {path}")
    for note in notes:
        print(f"report-nb: note: {note}", file=sys.stderr)
    return 0


def _merge(args: argparse.Namespace) -> int:
    from report_nb.build.merge import merge_readme
    from report_nb.build.project import notebook_path

    result = merge_readme(args.readme, notebook_path(args.readme, args.output))
    if not result.has_base:
        print(
            "note: no copy of the README the last build wrote (a fresh clone?): "
            "the notebook stands in for it, so a notebook edit cannot be told from a README edit"
        )
    for conflict in result.conflicts:
        what = f"question {conflict.question}" if conflict.question else "the checklist"
        print(f"conflict: {what}: {conflict.reason}; nothing was merged")
        print(textwrap.indent(conflict.ours, "  notebook | ", lambda line: True))
        print(textwrap.indent(conflict.theirs, f"  {args.readme.name} | ", lambda line: True))
    if result.conflicts:
        print("edit those answers so that the notebook and the README agree, then merge again")
        return 1
    for number in result.questions:
        print(f"merged question {number}: its answer in {args.readme} replaces the notebook's")
    if result.checklist:
        print("merged the checklist ticks")
    for number in result.kept:
        print(f"kept question {number}: changed in the notebook only")
    if not result.questions and not result.checklist:
        print(f"nothing to merge: {args.readme} has no change the notebook lacks")
    for path in result.backup:
        print(f"backed up {path} (restore it with 'report-nb import --undo-merge {args.readme}')")
    for path in result.written:
        print(f"wrote {path}")
    return 0


def _undo_merge(args: argparse.Namespace) -> int:
    from report_nb.build.merge import undo_merge
    from report_nb.build.project import notebook_path

    for path in undo_merge(notebook_path(args.readme, args.output), force=args.force):
        print(f"restored {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from report_nb.build.project import export_readme

    path, changed = export_readme(args.notebook, args.output, force=args.force)
    print(f"{'wrote' if changed else 'unchanged'} {path}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from report_nb.build.builder import build
    from report_nb.build.options import build_config, load_config

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
        progress=not args.quiet,
        timeout=args.timeout,
    )
    result = build(args.notebook, load_config(args.notebook.resolve().parent, options))
    _print_build(result)
    return 0


def _print_build(result: BuildResult) -> None:
    how = (
        "reused the cached outputs"
        if result.cached
        else ("executed the notebook" if result.executed else "used the stored outputs")
    )
    print(f"report-nb: {how}")
    for path in result.written:
        print(f"wrote {path}")
    for path in result.removed:
        print(f"removed {path} (no longer produced)")
    if not result.written:
        print(f"unchanged {result.readme}")
    for note in result.skipped:
        print(f"skipped: {note}")
    for number, sources in sorted(result.stale.items()):
        print(f"stale: question {number}: {', '.join(sources)}")
    for finding in result.findings + result.check.warnings:
        where = f"question {finding.question}: " if finding.question else ""
        print(f"warning: {where}{finding.message}")
    for q in result.check.questions:
        if not q.ok:
            print(f"FAIL question {q.number}: {'; '.join(q.problems)}")
    print(f"passed {result.check.passed}/{result.check.total} (profile {result.check.profile})")


def _html(args: argparse.Namespace) -> int:
    if args.as_grader:
        from report_nb.build.project import write_handin

        print(f"wrote {write_handin(args.readme, args.output, force=args.force)}")
        return 0
    from report_nb.build.project import write_html

    path = write_html(args.readme, args.output, profile=args.profile, force=args.force)
    print(f"wrote {path}")
    return 0


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
