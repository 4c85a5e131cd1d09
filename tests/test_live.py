"""report_nb.live as a whole: cheap to import, and a missing extra says what to install."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.live.extras import require
from report_nb.live.snapshots import Snapshot, fetch_or_load
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


# --- one shape for every source -----------------------------------------------------------------


def _sources() -> dict[str, type]:
    from report_nb.live.coverage import CoverageReport
    from report_nb.live.gcp import Costs
    from report_nb.live.locust import LoadTest
    from report_nb.live.wandb import Runs

    return {"coverage": CoverageReport, "gcp": Costs, "locust": LoadTest, "wandb": Runs}


def test_every_source_has_table_and_figure_methods_and_a_summary_property() -> None:
    for name, cls in _sources().items():
        assert callable(getattr(cls, "table", None)), name
        assert isinstance(inspect.getattr_static(cls, "summary"), property), name
        if name != "coverage":  # coverage has nothing to plot
            assert "name" in inspect.signature(cls.figure).parameters, name


def test_sorting_tables_default_to_ascending_and_type_their_keys() -> None:
    for name, cls in _sources().items():
        parameters = inspect.signature(cls.table).parameters
        if "sort" not in parameters:
            continue
        assert parameters["descending"].default is False, name
        assert parameters["descending"].kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameters["limit"].kind is inspect.Parameter.KEYWORD_ONLY, name
    hints = {n: typing.get_type_hints(c.table) for n, c in _sources().items()}
    assert typing.get_args(hints["coverage"]["sort"]) == (
        "name",
        "missing",
        "percent",
        "statements",
    )
    assert (
        typing.get_args(hints["locust"]["sort"])[0]
        == typing.Literal["requests", "failures", "median", "p95", "rps"]
    )
    assert typing.get_args(hints["wandb"]["mode"]) == ("last", "min", "max")


def test_the_package_exports_no_helpers() -> None:
    import report_nb.live
    from report_nb.live import gcp

    assert report_nb.live.__all__ == ["LiveDataError"]
    assert "duckdb_sql" not in gcp.__all__ and not hasattr(gcp, "duckdb_sql")


# --- snapshots: one owner for save, load and mark-stale ----------------------------------------


@pytest.fixture
def snapshots(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(kernel, "published", {})
    monkeypatch.delenv(kernel.OFFLINE_ENV, raising=False)
    monkeypatch.setenv(kernel.SNAPSHOT_ENV, str(tmp_path / "snapshots"))
    return tmp_path / "snapshots"


def test_a_snapshot_name_stays_inside_its_folder(snapshots: Path) -> None:
    snapshot = Snapshot.of("x:../../etc", "kind", "../../etc/passwd")
    assert snapshot.path == snapshots / "kind" / ".._.._etc_passwd.json"


def test_online_fetches_and_saves_offline_loads_and_marks_stale(snapshots: Path) -> None:
    snapshot = Snapshot.of("demo:a/b", "demo", "a_b")
    fetched = fetch_or_load(snapshot, lambda: {"n": 3}, lambda v: [v["n"]], lambda d: {"n": d[0]})
    assert fetched == {"n": 3} and kernel.STALE_MIME not in kernel.published
    document = json.loads(snapshot.path.read_text(encoding="utf-8"))
    assert (document["source"], document["data"]) == ("demo:a/b", [3])

    def no_network() -> dict[str, int]:
        raise AssertionError("offline must not fetch")

    loaded = fetch_or_load(snapshot, no_network, list, lambda d: {"n": d[0]}, offline=True)
    assert loaded == {"n": 3}
    assert kernel.published[kernel.STALE_MIME] == [
        {"source": "demo:a/b", "saved_at": document["saved_at"]}
    ]
    assert kernel.published[kernel.INPUT_MIME][0]["path"] == str(snapshot.path.resolve())


@pytest.mark.parametrize(
    ("content", "decode", "message"),
    [
        (None, dict, r"offline, and no saved copy of demo:x"),
        ("{not json", dict, r"unreadable snapshot of demo:x \(JSONDecodeError\)"),
        ('{"data": {}}', dict, r"unreadable snapshot of demo:x \(KeyError\)"),
        ('{"data": 1, "saved_at": "now"}', lambda d: d["k"], r"\(TypeError\)"),
    ],
    ids=["missing", "not-json", "no-saved-at", "decode-fails"],
)
def test_an_unusable_snapshot_is_one_line_naming_the_file(
    snapshots: Path, content: str | None, decode: Any, message: str
) -> None:
    snapshot = Snapshot.of("demo:x", "demo", "x")
    if content is not None:
        snapshot.path.parent.mkdir(parents=True)
        snapshot.path.write_text(content, encoding="utf-8")
    with pytest.raises(LiveDataError, match=message) as caught:
        snapshot.load(decode)
    assert caught.value.path == str(snapshot.path)
    assert "build once online" in (caught.value.hint or "")
    assert kernel.STALE_MIME not in kernel.published


def test_table_cells_escape_markdown_unless_marked() -> None:
    from report_nb.live.tables import Markdown, MarkdownTable

    table = MarkdownTable(["File", "Note"], [["src/chirp/__init__.py", Markdown("**kept**")]])
    assert table.to_markdown().splitlines()[2] == r"| src/chirp/\_\_init\_\_.py | **kept** |"
