"""Project tasks: ``invoke build-report`` builds the bundled example report (the main job)."""

from __future__ import annotations

from pathlib import Path

from invoke import Collection, Context, task

from report_nb import tasks as report


@task
def test(c: Context) -> None:
    """Run the test suite (the same command CI runs)."""
    c.run("pytest", pty=False)


@task
def lint(c: Context) -> None:
    """ruff (format and check) and mypy, as CI runs them."""
    c.run("ruff format --check .", pty=False)
    c.run("ruff check .", pty=False)
    c.run("mypy", pty=False)


@task
def bench(c: Context) -> None:
    """Run the benchmarks in bench/ and print the ratios."""
    c.run("python bench/check_speed.py", pty=False)
    c.run("python bench/build_speed.py", pty=False)
    c.run("python bench/notebook_check.py", pty=False)
    c.run("python bench/audit_speed.py", pty=False)
    c.run("python bench/cpu_ratios.py", pty=False)
    c.run("python bench/batch_floor.py", pty=False)


@task
def screenshot(c: Context) -> None:
    """Regenerate docs/lab.png, the README's JupyterLab screenshot (tests write a temporary one)."""
    target = Path(__file__).resolve().parent / "docs" / "lab.png"
    c.run(
        "pytest tests/test_lab.py -k test_screenshot_for_the_readme",
        env={"REPORT_NB_SCREENSHOT": str(target)},
        pty=False,
    )


ns = Collection(
    report.build_report, report.check_report, report.import_report, test, lint, bench, screenshot
)
ns.configure({"report_nb": {"notebook": "notebooks/report.ipynb", "readme": "notebooks/README.md"}})
