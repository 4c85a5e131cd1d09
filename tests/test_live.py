"""report_nb.live as a whole: cheap to import, and a missing extra says what to install."""

from __future__ import annotations

import subprocess
import sys

import pytest

from report_nb.errors import LiveDataError
from report_nb.live.extras import require
from report_nb.live.tables import MarkdownTable

HEAVY = (
    "wandb",
    "matplotlib",
    "coverage",
    "google.cloud",
    "duckdb",
    "pandas",
    "nbconvert",
    "papermill",
    "jupytext",
)


def test_importing_every_source_imports_no_optional_dependency() -> None:
    code = (
        "import sys\n"
        "import report_nb, report_nb.live\n"
        "from report_nb.live import coverage, gcp, locust, wandb, figures, tables, snapshots\n"
        "import report_nb.live.gcp.bigquery, report_nb.live.wandb.log, report_nb.live.wandb.api\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("blocked", "call", "extra"),
    [
        ("matplotlib", "from report_nb.live.figures import new_figure; new_figure()", "plots"),
        ("wandb", "from report_nb.live import wandb; wandb.history('.')", "wandb"),
        ("coverage", "from report_nb.live import coverage; coverage.read('.coverage')", "coverage"),
        ("google.cloud", "from report_nb.live import gcp; gcp.query_bigquery('p.d.t')", "gcp"),
    ],
)
def test_a_missing_extra_names_the_pip_install(
    tmp_path, blocked: str, call: str, extra: str
) -> None:
    (tmp_path / ".coverage").write_bytes(b"SQLite format 3\0")  # a data file's first bytes
    (tmp_path / "run-x.wandb").write_bytes(b":W&B")
    code = (
        "import sys\n"
        f"sys.modules[{blocked!r}] = None  # as if the package were not installed\n"
        "from report_nb.errors import LiveDataError\n"
        "try:\n"
        f"    {call}\n"
        "except LiveDataError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert f"pip install 'report-nb[{extra}]'" in result.stdout


def test_require_error_is_one_line() -> None:
    with pytest.raises(LiveDataError) as caught:
        require("report_nb_no_such_package", "gcp")
    assert str(caught.value) == (
        "this needs the optional package 'report_nb_no_such_package' (pip install 'report-nb[gcp]')"
    )


def test_markdown_table_escapes_pipes_and_aligns() -> None:
    table = MarkdownTable(["name", "value"], [["a|b", 1.5], ["c\nd", 2]], ["left", "right"])
    assert table.to_markdown() == ("| name | value |\n| :-- | --: |\n| a\\|b | 1.50 |\n| c d | 2 |")
    assert table._repr_markdown_() == str(table)
