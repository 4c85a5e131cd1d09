"""Tests for report_nb.live.coverage against results that coverage.py itself writes in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.live import coverage

PARTIAL = """\
def clamp(x, low, high):
    if x < low:
        x = low
    if x > high:
        return high
    return x


def describe(x):
    if x:
        return "yes"
    return "no"


def never():
    a = 1
    b = 2
    return a + b
"""

FULL = """\
def double(x):
    return 2 * x


def triple(x):
    return 3 * x
"""

TESTS = """\
from pkg.full import double, triple
from pkg.partial import clamp


def test_all():
    assert clamp(-1, 0, 10) == 0
    assert double(2) + triple(1) == 7
"""

CONFIGS = {
    "lines": "",
    "branch": "[run]\nbranch = True\n",
    "precision1": "[report]\nprecision = 1\n",
    "branch-precision2": "[run]\nbranch = True\n[report]\nprecision = 2\n",
    "relative": "[run]\nrelative_files = True\n",
}


@dataclass
class Run:
    """A project where coverage ran, with its three result files and `coverage report -m` rows."""

    root: Path
    total: str
    rows: dict[str, list[str]]
    branch: bool
    precision: int


def _coverage(root: Path, *args: str) -> str:
    # A clean environment: no COV_*/COVERAGE_* variable of an outer pytest-cov run leaks in,
    # and the outer run's data file is never touched because everything happens in root.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_", "COVERAGE_"))}
    done = subprocess.run(
        [sys.executable, "-m", "coverage", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _parse_report(text: str, branch: bool) -> tuple[str, dict[str, list[str]]]:
    """Rows of `coverage report -m` by name: [stmts, miss, (branch, brpart,) cover, missing]."""
    numbers = 5 if branch else 3
    rows = {}
    for line in text.splitlines()[2:]:
        if not line or line.startswith("-"):
            continue
        parts = line.split(None, numbers + 1)
        rows[parts[0]] = parts[1:] + [""] * (numbers + 2 - len(parts))
    total = rows.pop("TOTAL")
    return total[numbers - 1].rstrip("%"), rows


def make_run(root: Path, config: str) -> Run:
    (root / "pkg").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (root / "pkg" / "partial.py").write_text(PARTIAL, encoding="utf-8")
    (root / "pkg" / "full.py").write_text(FULL, encoding="utf-8")
    (root / "tests" / "test_pkg.py").write_text(TESTS, encoding="utf-8")
    (root / ".coveragerc").write_text(CONFIGS[config], encoding="utf-8")
    _coverage(root, "run", "--source=pkg", "-m", "pytest", "-q", "-p", "no:cacheprovider")
    _coverage(root, "xml")
    _coverage(root, "json")
    branch = "branch" in config
    total, rows = _parse_report(_coverage(root, "report", "-m"), branch)
    precision = {"precision1": 1, "branch-precision2": 2}.get(config, 0)
    return Run(root, total, rows, branch, precision)


@pytest.fixture(scope="module", params=["lines", "branch", "precision1", "branch-precision2"])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return make_run(tmp_path_factory.mktemp(request.param), request.param)


@pytest.fixture(scope="module")
def branch_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return make_run(tmp_path_factory.mktemp("branch"), "branch")


SOURCES = ["coverage.xml", "coverage.json", ".coverage"]


def _read(run: Run, name: str) -> coverage.CoverageReport:
    # XML does not record the precision setting, so it is passed; the others carry it.
    precision = run.precision if name == "coverage.xml" else None
    return coverage.read(run.root / name, precision=precision)


@pytest.mark.parametrize("name", SOURCES, ids=["xml", "json", "data-file"])
def test_total_is_the_total_line_of_coverage_report(run: Run, name: str) -> None:
    report = _read(run, name)
    assert report.total_display == run.total
    assert report.total == float(run.total)
    assert report.precision == run.precision
    assert report.branch == run.branch
    assert 0 < report.total < 100


@pytest.mark.parametrize("name", SOURCES, ids=["xml", "json", "data-file"])
def test_files_match_the_rows_of_coverage_report(run: Run, name: str) -> None:
    report = _read(run, name)
    got = {}
    for f in report.files:
        numbers = [f.statements, f.missing]
        numbers += [f.branches, f.partial_branches] if run.branch else []
        got[f.path] = [str(n) for n in numbers] + [f"{f.percent_display}%", f.missing_lines]
    assert got == run.rows
    by_path = {f.path: f for f in report.files}
    assert by_path["pkg/full.py"].percent == 100.0
    assert by_path["pkg/full.py"].missing_lines == ""
    assert by_path["pkg/partial.py"].missing > 0


@pytest.mark.parametrize("name", SOURCES, ids=["xml", "json", "data-file"])
def test_branch_arcs_appear_in_missing_lines(branch_run: Run, name: str) -> None:
    partial = {f.path: f for f in _read(branch_run, name).files}["pkg/partial.py"]
    # clamp() only ever took the true side of `if x < low` and the false side of `if x > high`
    assert "2->4" in partial.missing_lines
    assert partial.partial_branches == 2
    assert partial.branches == 6


def test_precision_argument_overrides_the_configuration(branch_run: Run) -> None:
    report = coverage.read(branch_run.root / ".coverage", precision=2)
    assert len(report.total_display.partition(".")[2]) == 2
    expected = coverage.read(branch_run.root / "coverage.json", precision=2)
    assert report.total_display == expected.total_display


def test_data_file_with_relative_paths_is_read_against_root(tmp_path: Path) -> None:
    run = make_run(tmp_path / "project", "relative")
    moved = tmp_path / "artefacts" / ".coverage"
    moved.parent.mkdir()
    shutil.copy(run.root / ".coverage", moved)
    assert coverage.read(moved, root=run.root).total_display == run.total
    with pytest.raises(LiveDataError, match="cannot report on it") as caught:
        coverage.read(moved)
    assert caught.value.path == str(moved)
    assert "root=" in (caught.value.hint or "")


@pytest.mark.parametrize("name", SOURCES, ids=["xml", "json", "data-file"])
def test_record_input_names_every_file_read(
    branch_run: Run, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kernel, "published", {})
    coverage.read(branch_run.root / name)
    paths = {Path(p["path"]) for p in kernel.published[kernel.INPUT_MIME]}
    assert (branch_run.root / name).resolve() in paths
    if name == ".coverage":  # analysis also read the sources and the configuration
        assert (branch_run.root / "pkg" / "partial.py").resolve() in paths
        assert (branch_run.root / ".coveragerc").resolve() in paths


def test_reading_does_not_change_the_working_directory(branch_run: Run) -> None:
    before = Path.cwd()
    coverage.read(branch_run.root / ".coverage")
    assert Path.cwd() == before


def _table_column(table: object, column: int = 0) -> list[str]:
    return [str(row[column]) for row in table.rows]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({}, ["pkg/__init__.py", "pkg/full.py", "pkg/partial.py"]),
        ({"descending": True}, ["pkg/partial.py", "pkg/full.py", "pkg/__init__.py"]),
        # like `coverage report --sort=-miss`, ties on the key come out in reverse name order
        (
            {"sort": "missing", "descending": True},
            ["pkg/partial.py", "pkg/full.py", "pkg/__init__.py"],
        ),
        ({"sort": "percent"}, ["pkg/partial.py", "pkg/__init__.py", "pkg/full.py"]),
        ({"sort": "statements"}, ["pkg/__init__.py", "pkg/full.py", "pkg/partial.py"]),
        ({"include": ["*/p*.py"]}, ["pkg/partial.py"]),
        ({"exclude": ["*__init__*"]}, ["pkg/full.py", "pkg/partial.py"]),
        ({"sort": "percent", "limit": 1}, ["pkg/partial.py", "(2 more files)"]),
    ],
    ids=[
        "name",
        "name-desc",
        "missing-desc",
        "percent",
        "statements",
        "include",
        "exclude",
        "limit",
    ],
)
def test_table_sorts_and_filters(branch_run: Run, kwargs: dict, names: list[str]) -> None:
    table = coverage.read(branch_run.root / "coverage.json").table(**kwargs)
    assert _table_column(table) == [*names, "TOTAL"]


def test_table_total_row_and_text(branch_run: Run) -> None:
    report = coverage.read(branch_run.root / "coverage.xml")
    table = report.table(missing_lines=True)
    assert list(table.headers) == [
        "File",
        "Statements",
        "Missing",
        "Branches",
        "Partial",
        "Coverage",
        "Missing lines",
    ]
    assert list(table.rows[-1]) == [
        "TOTAL",
        report.statements,
        report.missing,
        report.branches,
        2,
        f"{branch_run.total}%",
        "",
    ]
    text = table.to_markdown()
    assert "| pkg/full.py | 4 | 0 | 0 | 0 | 100% |  |" in text
    assert "| :-- | --: | --: | --: | --: | --: | :-- |" in text


def test_filtered_total_is_recomputed_like_coverage_report_include(branch_run: Run) -> None:
    report = coverage.read(branch_run.root / "coverage.json")
    only = _coverage(branch_run.root, "report", "--include=pkg/full.py").splitlines()[-1]
    row = report.table(include=["pkg/full.py"]).rows[-1]
    assert row[-1] == only.split()[-1] == "100%"


def test_summary_sentence(branch_run: Run) -> None:
    report = coverage.read(branch_run.root / ".coverage")
    assert report.summary == (
        f"{branch_run.total}% of 18 statements and 6 branches covered (3 files)"
    )


def test_percent_never_rounds_up_to_100(tmp_path: Path) -> None:
    # 199 of 200 statements covered is 99.5%; coverage.py shows 99, not 100.
    lines = [{"number": n, "hits": int(n != 200)} for n in range(1, 201)]
    body = "".join(f'<line number="{x["number"]}" hits="{x["hits"]}"/>' for x in lines)
    xml = (
        f'<coverage lines-valid="200" lines-covered="199"><packages><package><classes>'
        f'<class filename="big.py"><lines>{body}</lines></class>'
        f"</classes></package></packages></coverage>"
    )
    (tmp_path / "coverage.xml").write_text(xml, encoding="utf-8")
    report = coverage.read(tmp_path / "coverage.xml")
    assert report.total_display == "99"
    assert report.files[0].missing_lines == "200"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("coverage.xml", "<coverage lines-valid='3'><packages>", "not well-formed XML"),
        ("coverage.xml", "<report/>", "expected a Cobertura <coverage"),
        (
            "coverage.xml",
            "<coverage lines-valid='1'><class><lines><line number='x' hits='1'/>"
            "</lines></class></coverage>",
            "malformed <class> or <line>",
        ),
        ("coverage.xml", "<coverage lines-valid='0'/>", "expected at least one measured file"),
        ("coverage.json", '{"files": {}}', "expected a coverage.json with 'totals'"),
        ("coverage.json", '{"files": ', "not valid JSON"),
        (
            "coverage.json",
            json.dumps({"totals": {}, "files": {"a.py": {"summary": {}}}}),
            "malformed file entry",
        ),
        ("report.txt", "TOTAL 12 3 75%", "expected coverage.xml, coverage.json or a .coverage"),
    ],
    ids=[
        "xml-truncated",
        "xml-wrong-root",
        "xml-bad-line",
        "xml-no-files",
        "json-no-totals",
        "json-truncated",
        "json-bad-file",
        "unknown-kind",
    ],
)
def test_malformed_files_raise_live_data_error(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(LiveDataError, match=message) as caught:
        coverage.read(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(str(path))


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(LiveDataError, match="coverage results not found") as caught:
        coverage.read(tmp_path / "coverage.xml")
    assert "coverage xml" in (caught.value.hint or "")


def test_data_file_without_measured_files_raises(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("print('hello')\n", encoding="utf-8")
    (tmp_path / ".coveragerc").write_text("[run]\ninclude = nothing/*\n", encoding="utf-8")
    _coverage(tmp_path, "run", "main.py")
    with pytest.raises(LiveDataError, match="expected measured files") as caught:
        coverage.read(tmp_path / ".coverage")
    assert caught.value.path == str(tmp_path / ".coverage")


def test_root_that_does_not_exist_raises(branch_run: Run, tmp_path: Path) -> None:
    with pytest.raises(LiveDataError, match="root folder not found"):
        coverage.read(branch_run.root / ".coverage", root=tmp_path / "nowhere")


def test_filter_matching_nothing_raises(branch_run: Run) -> None:
    with pytest.raises(ValueError, match="left no file to show"):
        coverage.read(branch_run.root / "coverage.json").table(include=["src/*"])


def test_limit_zero_shows_only_the_total(branch_run: Run) -> None:
    table = coverage.read(branch_run.root / "coverage.json").table(limit=0)
    assert _table_column(table) == ["(3 more files)", "TOTAL"]


def test_negative_precision_raises(branch_run: Run) -> None:
    with pytest.raises(ValueError, match="precision must be 0 or more"):
        coverage.read(branch_run.root / "coverage.xml", precision=-1)


def test_unknown_sort_raises(branch_run: Run) -> None:
    # a mistake in the calling code, not in the data file: ValueError listing the sort keys
    with pytest.raises(ValueError, match="unknown sort 'size': use one of 'name', 'missing'"):
        coverage.read(branch_run.root / "coverage.json").table(sort="size")


@pytest.mark.parametrize("limit", [-1, 2.5, True])
def test_a_limit_that_is_not_a_row_count_raises(branch_run: Run, limit: object) -> None:
    with pytest.raises(ValueError, match="limit must be a number of rows"):
        coverage.read(branch_run.root / "coverage.json").table(limit=limit)


def test_import_stays_cheap() -> None:
    code = (
        "import sys, report_nb.live.coverage; "
        "print(sorted(m for m in ('coverage', 'matplotlib', 'pandas') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
