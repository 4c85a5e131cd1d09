"""The README's "Live data for code cells" snippets, each run as one cell in a real kernel.

The snippets are what students copy into their report, so each must run as written: they are
extracted from README.md, run one cell each (a fresh namespace per snippet, ``%reset -f``) in a
``reports/`` folder next to the files they name, which are copied from the bundled example's data
(``../coverage.xml``, ``../wandb/offline-run-*``, ``billing.csv``, ``loadtest_*.csv``). The glued
values are checked against the readers called here, and every ``table()``/``figure()`` a snippet
calls must reach the cell's output (a value that is not the cell's last is lost unless
displayed). Network calls (W&B API, BigQuery) appear only in comments, so nothing is fetched.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from report_nb import kernel
from report_nb.live import coverage, gcp, locust
from report_nb.live import wandb as wb

pytestmark = pytest.mark.kernel

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "notebooks" / "data"
NETWORK_CALLS = {"api_history", "query_bigquery"}


def readme_snippets() -> list[str]:
    """The ```python blocks of the README section "Live data for code cells", in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Live data for code cells", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```$", section, flags=re.DOTALL | re.MULTILINE)


SNIPPETS = readme_snippets()


def calls(code: str) -> list[str]:
    """The names of the methods and functions ``code`` calls, in source order (not comments)."""
    found = [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)]
    found.sort(key=lambda node: (node.lineno, node.col_offset))
    return [
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in found
    ]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A student project's layout with the files the snippets name; returns its reports/ folder."""
    root = tmp_path_factory.mktemp("project")
    shutil.copy(DATA / "coverage.xml", root / "coverage.xml")
    shutil.copytree(DATA / "wandb", root / "wandb")
    reports = root / "reports"
    reports.mkdir()
    shutil.copy(DATA / "billing" / "cost_table.csv", reports / "billing.csv")
    for path in (DATA / "locust").glob("loadtest_*.csv"):
        shutil.copy(path, reports / path.name)
    return reports


@pytest.fixture(scope="module")
def outputs(project: Path, tmp_path_factory: pytest.TempPathFactory) -> list[list[Any]]:
    """Each snippet's outputs, run as one cell after a ``%reset -f`` in one real kernel."""
    import nbformat
    from nbclient import NotebookClient

    cells = []
    for code in SNIPPETS:
        cells += [nbformat.v4.new_code_cell("%reset -f"), nbformat.v4.new_code_cell(code)]
    nb = nbformat.v4.new_notebook(cells=cells)
    with pytest.MonkeyPatch.context() as env:  # the kernel inherits the build's environment
        env.setenv(kernel.SNAPSHOT_ENV, str(tmp_path_factory.mktemp("snapshots")))
        env.delenv(kernel.OFFLINE_ENV, raising=False)
        NotebookClient(
            nb,
            timeout=300,
            allow_errors=True,  # a failing snippet fails its own test below, not the others
            kernel_name="python3",
            resources={"metadata": {"path": str(project)}},
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        ).execute()
    return [cell.outputs for cell in nb.cells[1::2]]


def glued(cell_outputs: list[Any]) -> dict[str, str]:
    return {
        o.data[kernel.GLUE_MIME]["name"]: o.data[kernel.GLUE_MIME]["text"]
        for o in cell_outputs
        if kernel.GLUE_MIME in o.get("data", {})
    }


def shown(cell_outputs: list[Any]) -> list[str]:
    """What the cell shows in the report, in order: ``table`` or ``figure <name>``."""
    result = []
    for output in cell_outputs:
        data = output.get("data", {})
        if "text/markdown" in data:
            result.append("table")
        elif "image/png" in data:
            result.append(f"figure {output.metadata['report_nb']['name']}")
    return result


def test_the_section_has_one_snippet_per_source() -> None:
    imports = [re.findall(r"from report_nb\.live import (\w+)", code) for code in SNIPPETS]
    assert imports == [["coverage"], ["wandb"], ["gcp"], ["locust"]]


@pytest.mark.parametrize("index", range(len(SNIPPETS)), ids=["coverage", "wandb", "gcp", "locust"])
def test_a_snippet_shows_every_table_and_figure_it_makes(
    outputs: list[list[Any]], index: int
) -> None:
    code = SNIPPETS[index]
    assert not NETWORK_CALLS & set(calls(code)), "network calls belong in a comment"
    errors = [f"{o.ename}: {o.evalue}" for o in outputs[index] if o.output_type == "error"]
    assert errors == []
    assert [o.text for o in outputs[index] if o.output_type == "stream"] == []  # no warnings
    made = [name for name in calls(code) if name in ("table", "figure")]
    assert [item.split()[0] for item in shown(outputs[index])] == made


def test_the_coverage_snippet(project: Path, outputs: list[list[Any]]) -> None:
    report = coverage.read(project.parent / "coverage.xml")
    assert glued(outputs[0]) == {"coverage": report.total_display}
    table = next(o.data["text/markdown"] for o in outputs[0] if "text/markdown" in o.data)
    body = re.findall(r"<tr>(.*?)</tr>", table)[1:-1]  # header and TOTAL row left out
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in body]
    rows = [row[2] for row in cells if "more files" not in row[0]]
    missing = sorted((f.missing for f in report.files), reverse=True)[:8]
    assert [int(n) for n in rows] == missing  # sorted by missing statements, most first


def test_the_wandb_snippet(project: Path, outputs: list[list[Any]]) -> None:
    runs = [wb.history(p) for p in sorted((project.parent / "wandb").glob("offline-run-*"))]
    best = max(runs, key=lambda run: max(v for _, v in run.column("val/acc")))
    accuracy = max(v for _, v in best.column("val/acc"))
    assert glued(outputs[1]) == {"best_acc": f"{accuracy:.1%}", "best_run": best.name}
    assert shown(outputs[1]) == ["table", "figure curves"]


def test_the_gcp_snippet(project: Path, outputs: list[list[Any]]) -> None:
    costs = gcp.read_csv(project / "billing.csv")
    top = costs.most_expensive
    assert top is not None
    assert glued(outputs[2]) == {"credits": costs.money(costs.credits), "top_service": top.service}


def test_the_locust_snippet(project: Path, outputs: list[list[Any]]) -> None:
    load = locust.read(project / "loadtest")
    assert glued(outputs[3]) == {"load": load.summary, "p95": f"{load.aggregated.p95_ms:.0f}"}
    assert shown(outputs[3]) == ["table", "figure latency"]
