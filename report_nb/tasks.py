"""invoke tasks for a student's project: ``build-report``, ``check-report``, ``import-report``.

Add them to the ``tasks.py`` the course cookiecutter generated with one line::

    from report_nb.tasks import build_report, check_report, import_report  # noqa: F401

(or, where ``tasks.py`` builds an explicit ``Collection``, ``ns.add_collection(report_nb.tasks.ns,
"report")``). They default to ``reports/report.ipynb``; set ``report_nb.notebook`` in the invoke
configuration to use another notebook.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from invoke import Collection, Context, Exit, task

from report_nb.core.rules import PROFILE_CHOICES
from report_nb.errors import ReportNbError

DEFAULT_NOTEBOOK = "reports/report.ipynb"
DEFAULT_README = "reports/README.md"
PROFILES = ", ".join(PROFILE_CHOICES)


def _setting(c: Context, name: str, default: str) -> str:
    return str(c.config.get("report_nb", {}).get(name, default))


@contextmanager
def _errors_as_exits() -> Iterator[None]:
    """A report-nb error ends the task with its one-line message and exit code, as the CLI does."""
    try:
        yield
    except ReportNbError as error:
        raise Exit(f"report-nb: error: {error}", code=error.exit_code) from None


@task(
    auto_shortflags=False,  # invoke would give --no-execute a short flag of '-'
    help={
        "notebook": "the report notebook (default: reports/report.ipynb)",
        "offline": "do not fetch network data (W&B, BigQuery); reuse what the last build saved",
        "no_execute": "export the stored outputs without running the notebook",
        "no_strict": "write the outputs even if questions fail their limits",
        "no_cache": "run the code even if nothing it depends on changed",
        "force": "overwrite a README.md that was edited by hand",
        "profile": f"course year whose official limits apply ({PROFILES}; default: the notebook's)",
    },
)
def build_report(
    c: Context,
    notebook: str = "",
    offline: bool = False,
    no_execute: bool = False,
    no_strict: bool = False,
    no_cache: bool = False,
    force: bool = False,
    profile: str = "auto",
) -> None:
    """Run the report notebook; write README.md, figures and report.html."""
    from report_nb.commands.building import build
    from report_nb.commands.options import build_config, load_config
    from report_nb.execution.engine import console_progress

    path = Path(notebook or _setting(c, "notebook", DEFAULT_NOTEBOOK))
    bar, on_cell = console_progress()
    options = build_config(
        offline=offline,
        execute=not no_execute,
        strict=not no_strict,
        use_cache=not no_cache,
        force=force,
        profile=profile,
        progress=bar,
    )
    with _errors_as_exits():
        result = build(path, load_config(path.resolve().parent, options), on_cell=on_cell)
    print(result.summary(), end="")


@task(
    help={
        "path": "README.md or notebook to check (default: reports/README.md)",
        "format": "text, json or github",
        "profile": f"course year whose official limits apply ({PROFILES}; default: a "
        "notebook's own, else detect)",
    }
)
def check_report(c: Context, path: str = "", format: str = "text", profile: str = "auto") -> None:
    """Count words and images per question as the graders' checker does."""
    from report_nb.commands.checking import check
    from report_nb.core.printing import format_results

    with _errors_as_exits():
        result = check(path or _setting(c, "readme", DEFAULT_README), profile)
    print(format_results([result], format))
    if not result.ok:
        raise Exit(code=1)


@task(
    help={
        "readme": "the course report (default: reports/README.md)",
        "force": "replace an existing notebook pair",
        "merge": "bring hand edits of the README back into the notebook",
        "profile": f"course year whose official limits apply ({PROFILES}; default: detect); "
        "the notebook keeps it",
    }
)
def import_report(
    c: Context, readme: str = "", force: bool = False, merge: bool = False, profile: str = "auto"
) -> None:
    """Turn reports/README.md into the paired notebook reports/report.ipynb."""
    path = Path(readme or _setting(c, "readme", DEFAULT_README))
    with _errors_as_exits():
        if merge:
            _merge(path)
        else:
            _import(path, force, profile)


def _import(readme: Path, force: bool, profile: str) -> None:
    from report_nb.commands.importing import import_readme

    result = import_readme(readme, force=force, profile=profile)
    for path in result.written:
        print(f"wrote {path}")
    for note in result.notes:
        print(f"report-nb: note: {note}")


def _merge(readme: Path) -> None:
    from report_nb.commands.edits import find_pair
    from report_nb.commands.merging import merge_readme

    result = merge_readme(readme, find_pair(readme))
    print(result.summary(), end="")
    if result.conflicts:
        raise Exit(code=1)


ns = Collection(build_report, check_report, import_report)
