"""The bundled example report (notebooks/): one real build, its numbers checked against its data.

The example is what students copy, so its prose must say what the shipped artefacts say: each
glued number is recomputed here by hand from the file it came from (coverage.xml, the offline
W&B runs, the billing CSV, the Locust CSVs), independently of the report_nb readers where that is
practical. The build runs once, on a copy of notebooks/ without its build outputs.
"""

from __future__ import annotations

import csv
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from report_nb.commands.building import build
from report_nb.commands.options import build_config
from report_nb.core.check import check_text
from report_nb.live import coverage, wandb

from conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.kernel

EXAMPLE = Path(__file__).resolve().parents[1] / "notebooks"
BUILD_OUTPUTS = {"README.md", "report.html", "figures", ".report-nb"}
FIGURES = {
    "q14_curves",
    "q19_bucket",
    "q20_registry",
    "q21_builds",
    "q25_latency",
    "q29_architecture",
}


def _without_build_outputs(folder: str, names: list[str]) -> set[str]:
    ignored = {name for name in names if name in ("__pycache__", ".pytest_cache")}
    return ignored | (BUILD_OUTPUTS & set(names) if Path(folder) == EXAMPLE else set())


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    """notebooks/ copied without build outputs, built once: (folder, result, README text)."""
    folder = tmp_path_factory.mktemp("example") / "notebooks"
    shutil.copytree(EXAMPLE, folder, ignore=_without_build_outputs)
    result = build(folder / "report.ipynb", build_config(progress=False))
    return folder, result, (folder / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def prose(example) -> str:
    """The README with every run of whitespace as one space (answers wrap lines anywhere)."""
    return " ".join(example[2].split())


@pytest.fixture(scope="module")
def data(example) -> Path:
    return example[0] / "data"


def test_example_passes_every_question_in_strict_mode(example) -> None:
    folder, result, readme = example
    assert result.executed and not result.cached
    assert (result.check.passed, result.check.total) == (31, 31)
    assert result.findings == []
    again = check_text(readme, str(folder / "README.md"))  # what `report-nb check` reads
    assert (again.passed, again.total, again.rejected) == (31, 31, None)
    # report-nb's own example, prose and outputs: no answer cut by a heading, nothing the grader
    # misreads, nothing the hand-in page shows otherwise than GitHub (its tables are HTML)
    assert again.warnings == [], [w.message for w in again.warnings]
    assert "<table" in readme and "\n| --" not in readme
    assert "{{" not in readme and "}}" not in readme
    assert "from report_nb" not in readme  # code stays in the notebook


def test_test_counts_come_from_the_junit_report(data: Path, prose: str) -> None:
    cases = ET.parse(data / "junit.xml").getroot().iter("testcase")
    modules = [case.get("classname").rsplit(".", 1)[-1] for case in cases]
    assert f"We have {len(modules)} tests in total" in prose
    assert f"Of these, {modules.count('test_data')} cover the data pipeline" in prose
    assert f"the last {modules.count('test_config')} check that the configs compose" in prose


def test_coverage_total_is_the_shipped_coverage_xml(data: Path, prose: str) -> None:
    root = ET.parse(data / "coverage.xml").getroot()
    by_hand = round(float(root.get("line-rate")) * 100)  # what the XML says, to whole percent
    files = len(list(root.iter("class")))
    report = coverage.read(data / "coverage.xml")
    assert report.total_display == str(by_hand)
    assert f"package is {report.total_display}% over {files} files" in prose
    assert f"<tr><td>TOTAL</td> <td>{root.get('lines-valid')}</td>" in prose  # its TOTAL row


def test_best_validation_accuracy_is_read_from_the_offline_runs(data: Path, prose: str) -> None:
    runs = [wandb.history(folder) for folder in sorted((data / "wandb").glob("offline-run-*"))]
    assert len(runs) == 2
    best = max(runs, key=lambda run: max(v for _, v in run.column("val/acc")))
    accuracy = max(v for _, v in best.column("val/acc"))
    assert f"The best validation accuracy, {accuracy:.1%}, came from the run `{best.name}`" in prose


def test_credits_and_most_expensive_service_match_the_billing_csv(data: Path, prose: str) -> None:
    with open(data / "billing" / "cost_table.csv", newline="", encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(stream) if r["Service description"] not in ("", "Total")]
    credits = -sum(float(r["Unrounded Cost ($)"]) for r in rows if r["Cost type"] == "Credit")
    usage: dict[str, float] = {}
    for row in rows:
        if row["Cost type"] == "Usage":
            name = row["Service description"]
            usage[name] = usage.get(name, 0.0) + float(row["Unrounded Cost ($)"])
    top = max(usage, key=usage.__getitem__)
    assert credits > 0 and len(usage) >= 6
    assert f"the group used {credits:,.2f} USD of credits" in prose
    assert f"{top} was by far the most expensive service at {usage[top]:,.2f} USD" in prose


def test_load_test_numbers_are_the_aggregated_row(data: Path, prose: str) -> None:
    with open(data / "locust" / "loadtest_stats.csv", newline="", encoding="utf-8") as stream:
        total = next(r for r in csv.DictReader(stream) if r["Name"] == "Aggregated")
    median, p95 = total["Median Response Time"], total["95%"]
    rps = float(total["Requests/s"])
    assert (
        f"Over {total['Request Count']} requests the median response time was {median} ms "
        f"and the 95th percentile {p95} ms at {rps:.1f} requests per second"
    ) in prose


def test_every_figure_link_is_a_png_in_figures(example) -> None:
    folder, _, readme = example
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    links = [link for link in links if "<name>" not in link]  # the preamble's instructions
    assert {Path(link).stem for link in links} == FIGURES
    for link in links:
        assert link.startswith("figures/") and link.endswith(".png")
        assert (folder / link).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert sorted(p.name for p in (folder / "figures").iterdir()) == sorted(
        f"{name}.png" for name in FIGURES
    )


def test_rebuild_hits_the_cache_and_changes_nothing(example) -> None:
    folder, _, readme = example
    html = (folder / "report.html").read_bytes()
    again = build(folder / "report.ipynb", build_config(progress=False))
    assert again.cached and not again.executed
    assert again.written == []
    assert (folder / "README.md").read_text(encoding="utf-8") == readme
    assert (folder / "report.html").read_bytes() == html


def test_shipped_data_stays_small() -> None:
    size = sum(p.stat().st_size for p in (EXAMPLE / "data").rglob("*") if p.is_file())
    assert size < 500_000


@pytest.mark.browser
def test_built_html_shows_figures_badges_and_tables(chromium: str, example) -> None:
    from playwright.sync_api import sync_playwright

    page_path = example[0] / "report.html"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 800})
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            images = page.eval_on_selector_all(
                # the GitHub view; the hand-in view repeats the figures of answers it renders
                # otherwise (here, beside a table)
                "main .answer img",
                "els => els.map(e => [e.dataset.file, e.complete, e.naturalWidth])",
            )
            badges = page.locator("article.question .badge.pass").count()
            table = page.eval_on_selector_all(
                "#question-8 .answer table tr",
                "rows => rows.map(r => Array.from(r.cells, c => c.tagName + ':' + c.textContent))",
            )
        finally:
            browser.close()
    assert sorted(Path(file).stem for file, _, _ in images) == sorted(FIGURES)
    assert all(complete and width > 100 for _, complete, width in images)
    assert badges == 31
    assert table[0] == ["TH:File", "TH:Statements", "TH:Missing", "TH:Coverage"]
    assert table[-1][0] == "TD:TOTAL" and table[-1][-1].endswith("%")
