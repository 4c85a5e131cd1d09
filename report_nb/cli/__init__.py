"""The ``report-nb`` command: options in, library calls out, and the one place errors become exits.

argparse rather than a framework: ``report-nb check`` must start as fast as a bare script, so
this package imports nothing heavy and each command imports what it needs when it runs; the
commonest command line, ``check PATH...`` without options, is read without argparse at all
(see :func:`parse`). :mod:`~report_nb.cli.arguments` declares the options,
:mod:`~report_nb.cli.adapters` turns each command's options into one call of its
:mod:`report_nb.commands` function and prints the result, and :func:`main` here is the error
boundary. Exit codes: 0 success, 1 a check or build found failures, 2 bad input or a refused
write, 3 an internal error, 130 interrupted.
"""

from __future__ import annotations

import gc
import os
import sys
from types import SimpleNamespace

from report_nb.cli.adapters import CHECK_DEFAULTS, notes_to_stderr, run_check
from report_nb.errors import ReportNbError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from argparse import Namespace
    from collections.abc import Sequence

__all__ = ["main", "parse", "run"]

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
    args = parse(sys.argv[1:] if argv is None else argv)
    if not getattr(args, "command", None):
        from report_nb.cli.arguments import parser

        parser().print_help(sys.stderr)
        return 2
    try:
        if args.command == "check":  # notes only when it finishes a killed write (see _check)
            return args.run(args)
        with notes_to_stderr():
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


def parse(argv: Sequence[str]) -> Namespace | SimpleNamespace:
    """The options of ``argv``, as :func:`report_nb.cli.arguments.parser` reads them.

    ``check PATH...`` with no option, the command a hook or a student runs most, is read here: no
    word starting with ``-`` means no option, no ``--`` and no negative number, so argparse would
    only collect the paths and fill in the defaults. Importing argparse (and its translations)
    and declaring every command's options would cost that check a fifth of its CPU time.
    """
    if len(argv) > 1 and argv[0] == "check" and not any(word[:1] == "-" for word in argv[1:]):
        return SimpleNamespace(
            command="check", paths=list(argv[1:]), run=run_check, **CHECK_DEFAULTS
        )
    from report_nb.cli.arguments import parser

    return parser().parse_args(argv)
