"""The ``report-nb`` command: options in, library calls out, and the one place errors become exits.

argparse rather than a framework: ``report-nb check`` must start as fast as a bare script, so
this package imports nothing heavy and each command imports what it needs when it runs.
:mod:`~report_nb.cli.arguments` declares the options, :mod:`~report_nb.cli.adapters` turns each
command's options into one call of its :mod:`report_nb.commands` function and prints the result,
and :func:`main` here is the error boundary. Exit codes: 0 success, 1 a check or build found
failures, 2 bad input or a refused write, 3 an internal error, 130 interrupted.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from report_nb.cli.adapters import notes_to_stderr
from report_nb.cli.arguments import parser
from report_nb.errors import ReportNbError

__all__ = ["main", "run"]

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
    options = parser()
    args = options.parse_args(argv)
    if not getattr(args, "command", None):
        options.print_help(sys.stderr)
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
