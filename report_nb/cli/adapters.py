"""Each command's adapter: its options in, one :mod:`report_nb.commands` call, its result out.

Errors pass through to :func:`report_nb.cli.main`, the one error boundary.
"""

from __future__ import annotations

import gc
import os
import sys

from report_nb.errors import ReportNbError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    import argparse

#: ``report-nb check``'s option defaults (``cli.arguments`` declares them, ``cli.parse`` too).
CHECK_DEFAULTS = {"format": "text", "profile": "auto"}


def run_config_git(args: argparse.Namespace) -> int:
    """``report-nb config-git``."""
    from report_nb.commands.gitconfig import config_git

    print(config_git(readmes=args.readmes or None).summary(), end="")
    return 0


def run_merge_driver(args: argparse.Namespace) -> int:
    """``report-nb merge-driver`` (git calls it): git's exit code."""
    from report_nb.commands.gitmerge import merge_readme_files, merge_state_files

    if args.kind == "state":
        return merge_state_files(args.base, args.ours, args.theirs)
    return merge_readme_files(args.base, args.ours, args.theirs, args.name)


def run_check(args: argparse.Namespace) -> int:
    """``report-nb check PATH...``: 1 if a question fails, 2 if a file cannot be read."""
    from report_nb.audit.remembered import cache_folder
    from report_nb.commands.checking import Folders, check
    from report_nb.core.printing import format_results

    # Checking builds no reference cycles; on a batch of reports the cyclic collector only
    # re-scans the growing list of results (a quarter of the run time on 1000 files).
    collecting = gc.isenabled()
    gc.disable()
    results, errors, code = [], [], 0
    # each folder's journal, state and .git looked up once; the checklist line remembered
    folders = Folders(cache=cache_folder(os.environ, os.path.expanduser("~")))
    try:
        for name in args.paths:
            try:
                if folders.pending(name):  # finishing a killed write, check notes it
                    with notes_to_stderr():
                        results.append(check(name, args.profile, folders))
                else:
                    results.append(check(name, args.profile, folders))
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


def run_import(args: argparse.Namespace) -> int:
    """``report-nb import README`` (and ``--merge``, ``--undo-merge``)."""
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

    nb_path = find_pair(args.readme, args.output)
    undone = undo_merge(nb_path, force=args.force, readme=args.readme)
    for path, copy in undone.kept.items():
        print(f"kept your edit of {path.name} since the merge as {copy}")
    for path in undone.restored:
        print(f"restored {path}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``report-nb export NOTEBOOK``."""
    from report_nb.commands.exporting import export_readme

    result = export_readme(args.notebook, args.output, force=args.force)
    print(f"{'wrote' if result.changed else 'unchanged'} {result.readme}")
    return 0


def run_build(args: argparse.Namespace) -> int:
    """``report-nb build NOTEBOOK``."""
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


def run_html(args: argparse.Namespace) -> int:
    """``report-nb html README`` (and ``--as-grader``)."""
    from report_nb.commands.html import write_handin, write_html

    if args.as_grader:
        path = write_handin(args.readme, args.output, force=args.force)
    else:
        path = write_html(args.readme, args.output, profile=args.profile, force=args.force)
    print(f"wrote {path}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """``report-nb audit``: 1 if a ticked item has no evidence (and ``--table``)."""
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


def notes_to_stderr() -> _StderrNotes:
    """Show what the library logs (e.g. a recovered write) as ``report-nb: note: ...`` lines."""
    return _StderrNotes()


class _StderrNotes:
    """:func:`notes_to_stderr`'s context.

    A class, not a ``contextlib.contextmanager``: importing contextlib and logging would cost
    every ``check`` start-up time, and it rarely has a note to show.
    """

    def __enter__(self) -> None:
        import logging

        self._logger = logging.getLogger("report_nb")
        self._handler: logging.Handler = logging.StreamHandler(sys.stderr)
        self._handler.setFormatter(logging.Formatter("report-nb: note: %(message)s"))
        self._logger.addHandler(self._handler)

    def __exit__(self, *exc_info: object) -> None:
        self._logger.removeHandler(self._handler)


def pending(path: str) -> bool:
    """Whether a killed command left a write to finish beside ``path`` (check notes it then)."""
    from report_nb.io import path_text
    from report_nb.store.layout import JOURNAL, inside

    return os.path.exists(inside(os.path.dirname(path_text(path)), JOURNAL))
