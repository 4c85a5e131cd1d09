"""invoke tasks for a student's project: ``build-report``, ``check-report``, ``import-report``.

Add them to the ``tasks.py`` the course cookiecutter generated with one line::

    from report_nb.tasks import build_report, check_report, import_report  # noqa: F401

(or, where ``tasks.py`` builds an explicit ``Collection``, ``ns.add_collection(report_nb.tasks.ns,
"report")``). They default to ``reports/report.ipynb``; set ``report_nb.notebook`` in the invoke
configuration to use another notebook.
"""

from __future__ import annotations

from invoke import Collection, Context, Exit, task

DEFAULT_NOTEBOOK = "reports/report.ipynb"
DEFAULT_README = "reports/README.md"


def _setting(c: Context, name: str, default: str) -> str:
    return str(c.config.get("report_nb", {}).get(name, default))


def _run(args: list[str]) -> None:
    from report_nb.cli import main

    code = main(args)
    if code:
        raise Exit(code=code)


@task(
    auto_shortflags=False,  # invoke would give --no-execute a short flag of '-'
    help={
        "notebook": "the report notebook (default: reports/report.ipynb)",
        "offline": "do not fetch network data (W&B, BigQuery); reuse what the last build saved",
        "no_execute": "export the stored outputs without running the notebook",
        "no_strict": "write the outputs even if questions fail their limits",
        "no_cache": "run the code even if nothing it depends on changed",
        "force": "overwrite a README.md that was edited by hand",
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
) -> None:
    """Run the report notebook; write README.md, figures and report.html."""
    args = ["build", notebook or _setting(c, "notebook", DEFAULT_NOTEBOOK)]
    flags = {
        "--offline": offline,
        "--no-execute": no_execute,
        "--no-strict": no_strict,
        "--no-cache": no_cache,
        "--force": force,
    }
    _run(args + [flag for flag, on in flags.items() if on])


@task(
    help={
        "path": "README.md or notebook to check (default: reports/README.md)",
        "format": "text, json or github",
    }
)
def check_report(c: Context, path: str = "", format: str = "text") -> None:
    """Count words and images per question as the graders' checker does."""
    _run(["check", path or _setting(c, "readme", DEFAULT_README), "--format", format])


@task(
    help={
        "readme": "the course report (default: reports/README.md)",
        "force": "replace an existing notebook pair",
        "merge": "bring hand edits of the README back into the notebook",
    }
)
def import_report(c: Context, readme: str = "", force: bool = False, merge: bool = False) -> None:
    """Turn reports/README.md into the paired notebook reports/report.ipynb."""
    args = ["import", readme or _setting(c, "readme", DEFAULT_README)]
    _run(args + (["--force"] if force else []) + (["--merge"] if merge else []))


ns = Collection(build_report, check_report, import_report)
