"""Tests for report_nb.live.locust on hand-written CSV files in Locust's documented layout."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.live import locust
from report_nb.live.figures import ReportFigure

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "locust"
API = FIXTURES / "api"
LEGACY = FIXTURES / "legacy"


@pytest.fixture
def api_copy(tmp_path: Path) -> Path:
    """The api_* fixtures copied to tmp_path, to be broken by a test; returns the prefix."""
    for path in FIXTURES.glob("api_*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / "api"


@pytest.mark.parametrize(
    "given",
    [API, f"{API}_stats.csv", f"{API}_stats_history.csv", f"{API}_failures.csv"],
    ids=["prefix", "stats-file", "history-file", "failures-file"],
)
def test_read_accepts_the_prefix_or_any_file(given: str | Path) -> None:
    test = locust.read(given)
    assert test.source == f"{API}_stats.csv"
    assert [e.name for e in test.endpoints] == ["/health", "/predict"]
    assert len(test.history) == 16


def test_endpoints_and_aggregated_row() -> None:
    test = locust.read(API)
    health, predict = test.endpoints
    assert (health.method, health.requests, health.failures) == ("GET", 1200, 0)
    assert (predict.median_ms, predict.p95_ms, predict.average_ms) == (180, 420, 210.5)
    assert predict.rps == 8.0
    assert predict.failure_rate == pytest.approx(0.02)
    total = test.aggregated
    assert (total.method, total.name, total.requests, total.failures) == (
        "",
        "Aggregated",
        1800,
        12,
    )
    assert (total.median_ms, total.p95_ms, total.rps) == (6, 280, 24.0)
    assert test.failure_rate == pytest.approx(12 / 1800)


def test_history_keeps_only_aggregated_rows_relative_to_start() -> None:
    history = locust.read(API).history
    assert [p.seconds for p in history] == [5.0 * i for i in range(16)]
    first, second = history[0], history[1]
    assert (first.users, first.rps, first.median_ms, first.p95_ms) == (0, 0.0, None, None)
    # the per-endpoint rows of --csv-full-history at the same timestamp are left out
    assert (second.seconds, second.users, second.median_ms, second.p95_ms) == (5.0, 10, 5, 240)


def test_run_facts() -> None:
    test = locust.read(API)
    assert test.duration_s == 75.0
    assert test.peak_users == 50
    assert test.summary == (
        "1800 requests at 24.0 requests/s: median 6 ms, 95th percentile 280 ms, 0.7% failed"
    )


def test_failures_file_is_read() -> None:
    (failure,) = locust.read(API).failures
    assert (failure.method, failure.name, failure.occurrences) == ("POST", "/predict", 12)
    assert failure.error.startswith("HTTPError('503 Server Error")


def test_legacy_headers_and_total_row() -> None:
    test = locust.read(LEGACY)
    assert [(e.method, e.name, e.requests) for e in test.endpoints] == [
        ("GET", "/", 500),
        ("GET", "/items", 250),
        ("POST", "/login", 0),
    ]
    login = test.endpoints[2]
    assert (login.median_ms, login.p95_ms, login.failure_rate) == (0, None, 0.0)
    assert (test.aggregated.name, test.aggregated.requests, test.aggregated.p95_ms) == (
        "Total",
        750,
        115,
    )
    # no history or failures file was written next to it: both are optional
    assert (test.history, test.failures, test.duration_s, test.peak_users) == ([], [], None, None)


def test_table_text() -> None:
    assert locust.read(API).table().to_markdown() == "\n".join(
        [
            "| Type | Name | Requests | Failures | Median (ms) | 95%ile (ms) | Requests/s |",
            "| :-- | :-- | --: | --: | --: | --: | --: |",
            "| GET | /health | 1200 | 0 (0.0%) | 4 | 11 | 16.00 |",
            "| POST | /predict | 600 | 12 (2.0%) | 180 | 420 | 8.00 |",
            "|  | Aggregated | 1800 | 12 (0.7%) | 6 | 280 | 24.00 |",
        ]
    )


def test_legacy_table_shows_total_as_aggregated_and_na() -> None:
    text = locust.read(LEGACY).table().to_markdown()
    assert "| POST | /login | 0 | 0 | 0 | N/A | 0.00 |" in text
    assert text.splitlines()[-1] == "|  | Aggregated | 750 | 5 (0.7%) | 48 | 115 | 14.85 |"


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({}, ["/", "/items", "/login", "Aggregated"]),
        ({"sort": "p95", "descending": True}, ["/items", "/", "/login", "Aggregated"]),
        ({"sort": "p95"}, ["/", "/items", "/login", "Aggregated"]),
        ({"sort": "requests", "descending": True, "limit": 1}, ["/", "Aggregated"]),
        ({"sort": "failures", "descending": True, "aggregated": False}, ["/", "/items", "/login"]),
    ],
    ids=["locust-order", "p95-desc-na-last", "p95-asc-na-last", "limit", "no-aggregated"],
)
def test_table_sorting(kwargs: dict, names: list[str]) -> None:
    table = locust.read(LEGACY).table(**kwargs)
    assert [row[1] for row in table.rows] == names


def test_figure_plots_aggregated_history() -> None:
    figure = locust.read(API).figure()
    assert isinstance(figure, ReportFigure)
    assert figure.name == "load_test"
    assert figure.alt == (
        "Locust load test: median and 95th percentile response time over 75 s with up to 50 users"
    )
    latency, users = figure.figure.axes
    median, p95 = latency.lines
    assert median.get_label() == "median" and p95.get_label() == "95th percentile"
    assert list(median.get_xdata()) == [5.0 * i for i in range(16)]
    assert math.isnan(median.get_ydata()[0]) and math.isnan(p95.get_ydata()[0])
    assert list(median.get_ydata()[1:4]) == [5, 5, 6]
    assert list(p95.get_ydata()[1:4]) == [240, 250, 270]
    assert list(users.lines[0].get_ydata()[:6]) == [0, 10, 20, 30, 40, 50]
    assert users.get_ylabel() == "users"
    assert latency.get_legend() is not None
    assert figure.png().startswith(b"\x89PNG")


def test_figure_name_and_alt_can_be_given() -> None:
    figure = locust.read(API).figure(name="q25_latency", alt="latency", width=4, height=3)
    assert (figure.name, figure.alt) == ("q25_latency", "latency")
    assert list(figure.figure.get_size_inches()) == [4, 3]


def test_figure_without_history_raises() -> None:
    with pytest.raises(LiveDataError, match="needs the history") as caught:
        locust.read(LEGACY).figure()
    assert caught.value.path == f"{LEGACY}_stats_history.csv"


def test_record_input_names_every_file_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernel, "published", {})
    locust.read(API)
    paths = {Path(p["path"]).name for p in kernel.published[kernel.INPUT_MIME]}
    assert paths == {"api_stats.csv", "api_stats_history.csv", "api_failures.csv"}


def test_missing_stats_file_raises(tmp_path: Path) -> None:
    with pytest.raises(LiveDataError, match="Locust stats not found") as caught:
        locust.read(tmp_path / "run")
    assert caught.value.path == str(tmp_path / "run_stats.csv")
    assert "--csv" in (caught.value.hint or "")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message", "line"),
    [
        ("stats", '"Request Count"', '"Requests"', "expected a column 'Request Count'", 1),
        ("stats", '"95%"', '"95 pct"', "expected a column '95%'", 1),
        ("stats_history", '"User Count"', '"Users"', "expected a column 'User Count'", 1),
        ("stats", "600,12,180", "600,12,slow", "number in column 'Median Response Time'", 3),
        ("stats", "1200,0,4", "1200,none,4", "column 'Failure Count', found 'none'", 2),
        ("stats", "1200,0,4", "12.5,0,4", "whole number in column 'Request Count'", 2),
        ("stats", "1200,0,4", "nan,0,4", "number in column 'Request Count'", 2),
        ("stats_history", "1717000010,20", "yesterday,20", "number in column 'Timestamp'", 6),
        ("failures", '",12', '",twelve', "column 'Occurrences'", 2),
        ("stats", '"","Aggregated",1800', '"","Sum",1800', "'Aggregated' row", None),
        ("stats", '"GET","/health",1200,0,4,5.2', '"GET","/health"', "expected 22 fields", 2),
    ],
    ids=[
        "stats-column",
        "percentile-column",
        "history-column",
        "median-text",
        "failure-text",
        "fractional-count",
        "nan",
        "timestamp-text",
        "occurrences-text",
        "no-aggregated",
        "short-row",
    ],
)
def test_malformed_files_raise_live_data_error(
    api_copy: Path, file: str, old: str, new: str, message: str, line: int | None
) -> None:
    path = Path(f"{api_copy}_{file}.csv")
    _replace(path, old, new)
    with pytest.raises(LiveDataError, match=message) as caught:
        locust.read(api_copy)
    assert caught.value.path == str(path)
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file, expected a header row"), (b"\xff\xfe\x00bad", "not a readable CSV")],
    ids=["empty", "not-utf8"],
)
def test_unreadable_stats_file_raises(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "run_stats.csv").write_bytes(content)
    with pytest.raises(LiveDataError, match=message):
        locust.read(tmp_path / "run")


def test_unknown_sort_raises() -> None:
    # a mistake in the calling code, not in the CSV: ValueError listing the sort keys
    with pytest.raises(ValueError, match="unknown sort 'latency': use one of 'requests'"):
        locust.read(API).table(sort="latency")


def test_a_negative_limit_raises() -> None:
    with pytest.raises(ValueError, match="limit must be a number of rows"):
        locust.read(API).table(limit=-1)


def test_import_stays_cheap() -> None:
    code = (
        "import sys, report_nb.live.locust; "
        "print(sorted(m for m in ('matplotlib', 'pandas', 'coverage') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


NEW_HEADER = (
    '"Type","Name","Request Count","Failure Count","Median Response Time","Average Response Time"'
)
HEADERS = {
    "unquoted": NEW_HEADER.replace('"', ""),
    "locust-1": '"Type","Name","# requests","# failures","Median Response Time",'
    '"Average Response Time"',
    "locust-0": '"Method","Name","# requests","# failures","Median response time",'
    '"Average response time"',
    "spacing": '"type","name","Request  Count"," Failure Count","median response time",'
    '"Average Response Time"',
}


@pytest.mark.parametrize("style", list(HEADERS), ids=list(HEADERS))
def test_header_styles_read_the_same(api_copy: Path, style: str) -> None:
    _replace(Path(f"{api_copy}_stats.csv"), NEW_HEADER, HEADERS[style])
    test = locust.read(api_copy)
    expected = locust.read(API)
    assert test.endpoints == expected.endpoints
    assert test.aggregated == expected.aggregated


def test_byte_order_mark_and_blank_lines_are_tolerated(api_copy: Path) -> None:
    stats = Path(f"{api_copy}_stats.csv")
    stats.write_text("\ufeff" + stats.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert locust.read(api_copy).endpoints == locust.read(API).endpoints


def test_history_with_only_a_header_gives_no_figure(api_copy: Path) -> None:
    history = Path(f"{api_copy}_stats_history.csv")
    history.write_text(history.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    test = locust.read(api_copy)
    assert (test.history, test.duration_s) == ([], None)
    with pytest.raises(LiveDataError, match="found no Aggregated rows") as caught:
        test.figure()
    assert caught.value.path == str(history)


def test_na_in_the_middle_of_the_run_leaves_a_gap(api_copy: Path) -> None:
    history = Path(f"{api_copy}_stats_history.csv")
    _replace(
        history,
        '1717000040,50,"","Aggregated",30.8,0.2,7,41,152,172,211,280',
        '1717000040,50,"","Aggregated",30.8,0.2,N/A,41,152,172,211,N/A',
    )
    median, p95 = locust.read(api_copy).figure().figure.axes[0].lines
    assert [math.isnan(v) for v in median.get_ydata()[7:10]] == [False, True, False]
    assert [math.isnan(v) for v in p95.get_ydata()[7:10]] == [False, True, False]


@pytest.mark.parametrize(
    ("sort", "first"),
    [("requests", "/health"), ("failures", "/predict"), ("median", "/predict"), ("rps", "/health")],
    ids=["requests", "failures", "median", "rps"],
)
def test_table_sorted_descending_puts_the_largest_first(sort: str, first: str) -> None:
    rows = locust.read(API).table(sort=sort, descending=True).rows
    assert rows[0][1] == first
    assert rows[-1][1] == "Aggregated"
