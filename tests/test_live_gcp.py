"""Tests for report_nb.live.gcp: console CSVs, the billing SQL run on DuckDB, snapshots, errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.live import gcp
from report_nb.live.gcp import Costs, ServiceCost, console

BILLING = Path(__file__).resolve().parent / "fixtures" / "billing"
TABLE = "mlops-412.billing.gcp_billing_export_v1_0A1B2C_3D4E5F_6A7B8C"


@pytest.fixture(autouse=True)
def published(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict:
    """A fresh record of what the kernel helpers published, and a private snapshot folder."""
    record: dict = {}
    monkeypatch.setattr(kernel, "published", record)
    monkeypatch.setenv(kernel.SNAPSHOT_ENV, str(tmp_path / "snapshots"))
    monkeypatch.delenv(kernel.OFFLINE_ENV, raising=False)
    return record


def by_service(costs: Costs) -> dict[str, tuple[float, float, float]]:
    return {
        s.service: (round(s.cost, 7), round(s.credits, 7), round(s.net, 7)) for s in costs.services
    }


# ---------------------------------------------------------------- console CSVs

CSV_CASES = [
    pytest.param(
        "reports_dkk.csv",
        "DKK",
        {
            "Compute Engine": (1204.75, 1204.75, 0.0),
            "Vertex AI": (312.4, 312.4, 0.0),
            "Cloud Storage": (48.1, 40.0, 8.1),
            "Artifact Registry": (15.55, 15.55, 0.0),
            "Cloud Run": (0.0, 0.0, 0.0),
        },
        (1580.80, 1572.70, 8.10),
        "Compute Engine",
        id="reports-dkk-discounts-promotions",
    ),
    pytest.param(
        "cost_table_usd_bom.csv",
        "USD",
        {
            "Compute Engine": (29.9246567, 29.9246567, 0.0),
            "Vertex AI": (25.25, 20.0, 5.25),
            "Cloud Storage": (0.75, 0.75, 0.0),
            "Cloud Logging": (0.0, 0.0, 0.0),
        },
        (55.9246567, 50.6746567, 5.25),
        "Compute Engine",
        id="cost-table-usd-bom-credit-rows",
    ),
    pytest.param(
        "reports_eur_semicolon.csv",
        "EUR",
        {
            "Cloud Run": (1020.4, 40.0, 980.4),
            "Cloud SQL": (35.0, 35.0, 0.0),
            "BigQuery": (0.12, 0.0, 0.12),
        },
        (1055.52, 75.0, 980.52),
        "Cloud Run",
        id="reports-eur-semicolon-subtotal-only",
    ),
]


@pytest.mark.parametrize(("name", "currency", "services", "totals", "top"), CSV_CASES)
def test_read_csv_per_service_and_totals(name, currency, services, totals, top):
    costs = gcp.read_csv(BILLING / name)
    assert costs.currency == currency
    assert by_service(costs) == services
    assert list(by_service(costs)) == sorted(services, key=lambda s: (-services[s][0], s))
    assert (costs.gross, costs.credits, costs.total) == pytest.approx(totals)
    assert costs.most_expensive is not None and costs.most_expensive.service == top


def test_cost_table_skips_total_rows_and_prefers_unrounded_cost():
    costs = gcp.read_csv(BILLING / "cost_table_usd_bom.csv")
    assert "Total" not in by_service(costs)  # the summary line names "Total" as its service
    # the rounded column would give 16.12 + 4.30 + 9.50 = 29.92 for Compute Engine
    assert costs.services[0].cost == pytest.approx(29.9246567, abs=1e-9)


def test_read_csv_records_its_input(published):
    path = BILLING / "reports_dkk.csv"
    gcp.read_csv(path)
    [record] = published[kernel.INPUT_MIME]
    assert record["path"] == str(path.resolve())
    assert len(record["sha256"]) == 64


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        pytest.param(
            "Service,Cost (£),Credits (£)",
            ["Cloud Run,£10.00,-£4.00"],
            ("GBP", {"Cloud Run": (10.0, 4.0, 6.0)}),
            id="credits-column-gbp",
        ),
        pytest.param(
            "service_description,COST (USD)",
            ["Cloud Run,5", "Cloud Run,-2"],
            ("USD", {"Cloud Run": (5.0, 2.0, 3.0)}),
            id="untyped-negative-is-credit",
        ),
        pytest.param(
            "Service description,Cost type,Cost ($)",
            ["Cloud Build,Usage,3", "Cloud Build,Adjustment,-1", "Cloud Build,Credit,-2"],
            ("USD", {"Cloud Build": (2.0, 2.0, 0.0)}),
            id="adjustment-is-cost",
        ),
        pytest.param(
            "Service description,Currency,Cost",
            ["Cloud Run,CHF,7.5"],
            ("CHF", {"Cloud Run": (7.5, 0.0, 7.5)}),
            id="currency-column",
        ),
        pytest.param(
            "Service description,Cost ($)",
            ["Cloud Run,(2.50)", "Cloud Run,\u22121.00", "Cloud Run,12.5", "Grand total,9"],
            ("USD", {"Cloud Run": (12.5, 3.5, 9.0)}),
            id="accounting-negatives",
        ),
    ],
)
def test_read_csv_layout_variants(tmp_path, header, rows, expected):
    path = tmp_path / "billing.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    costs = gcp.read_csv(path)
    assert (costs.currency, by_service(costs)) == expected


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        pytest.param("1,234.50", False, 1234.5, id="thousands"),
        pytest.param("$1,234.50", False, 1234.5, id="dollar"),
        pytest.param("-€12.30", False, -12.3, id="minus-before-sign"),
        pytest.param("€-5", False, -5.0, id="minus-after-sign"),
        pytest.param("(3.20)", False, -3.2, id="accounting"),
        pytest.param("1.2E-05", False, 1.2e-5, id="scientific"),
        pytest.param("DKK 99.95", False, 99.95, id="code-prefix"),
        pytest.param("kr. 1,234.50", False, 1234.5, id="kr-dot"),
        pytest.param("€ 1.020,40", True, 1020.4, id="decimal-comma"),
        pytest.param("12,5", True, 12.5, id="decimal-comma-short"),
        pytest.param("", False, 0.0, id="empty"),
        pytest.param("—", False, 0.0, id="dash"),
    ],
)
def test_amounts(text, decimal_comma, value):
    assert console._amount(text, decimal_comma) == pytest.approx(value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("Project name,Cost ($)\nmlops,3\n", "'Service description'", id="no-service"),
        pytest.param(
            "Service description,Usage amount\nCloud Run,3\n", "'Cost (<currency>)'", id="no-cost"
        ),
        pytest.param("", "no header", id="empty"),
    ],
)
def test_read_csv_missing_columns(tmp_path, content, message):
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LiveDataError) as caught:
        gcp.read_csv(path)
    assert caught.value.path == str(path)
    assert message in str(caught.value) and "Billing > Reports" in str(caught.value)


def test_read_csv_bad_amount_names_line(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Service description,Cost ($)\nCloud Run,1.00\nVertex AI,n/a\n", encoding="utf-8"
    )
    with pytest.raises(LiveDataError, match="'n/a' is not an amount") as caught:
        gcp.read_csv(path)
    assert (caught.value.path, caught.value.line) == (str(path), 3)


def test_read_csv_unreadable_files(tmp_path):
    with pytest.raises(LiveDataError, match="no such billing CSV"):
        gcp.read_csv(tmp_path / "missing.csv")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("Service description,Cost (€)\nCloud Run,3\n".encode("cp1252"))
    with pytest.raises(LiveDataError, match="not a UTF-8 file"):
        gcp.read_csv(latin)


# ---------------------------------------------------------------- Costs presentation

COSTS = Costs(
    [
        ServiceCost("Cloud Run", 2.0, 2.0, 0.0),
        ServiceCost("Compute Engine", 30.0, 25.0, 5.0),
        ServiceCost("Vertex AI", 12.5, 12.5, 0.0),
        ServiceCost("Cloud Storage", 0.004, 0.0, 0.004),
    ],
    "EUR",
)


def test_table_rows_and_total():
    assert COSTS.table().to_markdown().splitlines() == [
        "| Service | Cost | Credits | Net |",
        "| :-- | --: | --: | --: |",
        "| Compute Engine | 30.00 EUR | -25.00 EUR | 5.00 EUR |",
        "| Vertex AI | 12.50 EUR | -12.50 EUR | 0.00 EUR |",
        "| Cloud Run | 2.00 EUR | -2.00 EUR | 0.00 EUR |",
        "| Cloud Storage | 0.00 EUR | 0.00 EUR | 0.00 EUR |",
        "| **Total** | 44.50 EUR | -39.50 EUR | 5.00 EUR |",
    ]


@pytest.mark.parametrize(
    ("limit", "min_cost", "rows"),
    [
        pytest.param(2, 0.0, ["Compute Engine", "Vertex AI", "Other (2 services)"], id="limit"),
        pytest.param(
            None,
            1.0,
            ["Compute Engine", "Vertex AI", "Cloud Run", "Other (1 services)"],
            id="min-cost",
        ),
    ],
)
def test_table_folds_the_rest_into_other(limit, min_cost, rows):
    table = COSTS.table(limit=limit, min_cost=min_cost)
    assert [row[0] for row in table.rows] == [*rows, "**Total**"]
    assert table.rows[-1][1] == "44.50 EUR"  # folding keeps the total


def test_summary_sentence():
    assert COSTS.summary == (  # a property, as on every other source
        "We used 39.50 EUR of credits: the services cost 44.50 EUR before and 5.00 EUR after "
        "credits, and the most expensive was Compute Engine (30.00 EUR)."
    )
    assert Costs(currency="USD").summary == "Nothing was spent on Google Cloud (0.00 USD)."


@pytest.mark.parametrize(
    "services",
    [
        pytest.param([], id="no-services"),
        pytest.param([ServiceCost("Cloud Storage", 0.0, 0.0, 0.0)], id="only-free-usage"),
    ],
)
def test_most_expensive_is_none_when_nothing_was_spent(services):
    costs = Costs(services, "USD")
    assert costs.most_expensive is None
    assert costs.summary.startswith("Nothing was spent")
    assert costs.table().rows == [
        *([["Cloud Storage", "0.00 USD", "0.00 USD", "0.00 USD"]] if services else []),
        ["**Total**", "0.00 USD", "0.00 USD", "0.00 USD"],
    ]


def test_most_expensive_is_the_highest_gross_cost():
    top = COSTS.most_expensive
    assert top is not None and (top.service, top.cost) == ("Compute Engine", 30.0)


@pytest.mark.parametrize("limit", [-1, 1.5])
def test_table_rejects_a_bad_limit(limit):
    with pytest.raises(ValueError, match="limit must be a number of rows"):
        COSTS.table(limit=limit)


def test_figure_bars_hold_net_and_credits():
    pytest.importorskip("matplotlib")
    report_figure = COSTS.figure(limit=3)
    axes = report_figure.figure.axes[0]
    paid, credited = axes.containers
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels == ["Compute Engine", "Vertex AI", "Cloud Run", "Other (1 services)"]
    assert [bar.get_width() for bar in paid] == pytest.approx([5.0, 0.0, 0.0, 0.004])
    assert [bar.get_width() for bar in credited] == pytest.approx([25.0, 12.5, 2.0, 0.0])
    assert [bar.get_x() for bar in credited] == pytest.approx([5.0, 0.0, 0.0, 0.004])
    assert axes.get_xlabel() == "Cost (EUR)"
    assert report_figure.name == "gcp_costs"
    assert report_figure.png().startswith(b"\x89PNG")


def test_import_stays_cheap():
    code = (
        "import sys, report_nb.live.gcp; print(sorted(m for m in sys.modules if m.split('.')[0]"
        " in ('duckdb', 'matplotlib', 'pandas') or m.startswith('google.cloud')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- billing SQL on DuckDB

SCHEMA = """
    service STRUCT(id VARCHAR, description VARCHAR),
    sku STRUCT(id VARCHAR, description VARCHAR),
    usage_start_time TIMESTAMPTZ,
    project STRUCT(id VARCHAR, name VARCHAR),
    cost DOUBLE,
    currency VARCHAR,
    credits STRUCT(name VARCHAR, amount DOUBLE, full_name VARCHAR, id VARCHAR, type VARCHAR)[],
    invoice STRUCT(month VARCHAR)
"""

# (service, project, month, cost, credits)
EXPORT_ROWS = [
    ("Compute Engine", "mlops-412", "202401", 10.0, [("FREE_TIER", -2.0), ("PROMOTION", -3.0)]),
    ("Compute Engine", "mlops-412", "202402", 4.0, [("PROMOTION", -4.0)]),
    ("Cloud Storage", "mlops-412", "202401", 1.5, []),
    ("Cloud Storage", "mlops-412", "202402", 0.5, None),
    ("Vertex AI", "side-project-7", "202401", 7.0, [("PROMOTION", -7.0)]),
    ("Compute Engine", "mlops-412", "202312", 100.0, [("PROMOTION", -100.0)]),
    (
        "Cloud Run",
        "side-project-7",
        "202403",
        2.25,
        [("SUSTAINED_USAGE_DISCOUNT", -0.25), ("FREE_TIER", -1.0), ("PROMOTION", -1.0)],
    ),
]


def _credit(kind: str, amount: float) -> dict:
    return {
        "name": kind.title(),
        "amount": amount,
        "full_name": kind.lower(),
        "id": f"credit-{kind.lower()}",
        "type": kind,
    }


@pytest.fixture
def export():
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.execute(f'CREATE TABLE "{TABLE}" ({SCHEMA})')
    for service, project, month, cost, credits in EXPORT_ROWS:
        con.execute(
            f'INSERT INTO "{TABLE}" VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [
                {"id": service[:4], "description": service},
                {"id": "sku", "description": "sku"},
                f"{month[:4]}-{month[4:]}-02 10:00:00+00",
                {"id": project, "name": project},
                cost,
                "USD",
                None if credits is None else [_credit(*c) for c in credits],
                {"month": month},
            ],
        )
    yield con
    con.close()


def duckdb_sql(sql: str) -> str:
    """billing_sql text for DuckDB: `a.b.c` becomes "a.b.c" and @name $name (nothing else)."""
    sql = re.sub(r"`([^`]*)`", lambda m: '"' + m[1].replace('"', '""') + '"', sql)
    return re.sub(r"@(\w+)", r"$\1", sql)


def run(con, table=TABLE, **filters) -> dict[str, tuple[float, float]]:
    sql, params = gcp.billing_sql(table, **filters)
    rows = con.execute(duckdb_sql(sql), params).fetchall()
    assert all(currency == "USD" for _, currency, _, _ in rows)
    return {service: (round(gross, 9), round(credit, 9)) for service, _, gross, credit in rows}


def test_sql_sums_cost_once_per_row_and_all_credits(export):
    assert run(export) == {
        "Compute Engine": (114.0, -109.0),
        "Vertex AI": (7.0, -7.0),
        "Cloud Run": (2.25, -2.25),
        "Cloud Storage": (2.0, 0.0),
    }


def test_fixture_exposes_the_unnest_join_double_count(export):
    naive = f'SELECT SUM(cost) FROM "{TABLE}" AS t LEFT JOIN UNNEST(t.credits) AS c ON TRUE'
    total = sum(gross for gross, _ in run(export).values())
    assert export.execute(naive).fetchone()[0] != pytest.approx(total)  # 10.0 counted twice ...
    assert total == pytest.approx(125.25)  # ... where the correct query counts it once


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(
            {"project": "mlops-412"},
            {"Compute Engine": (114.0, -109.0), "Cloud Storage": (2.0, 0.0)},
            id="project",
        ),
        pytest.param(
            {"months": ("202401", "2024-02")},
            {"Compute Engine": (14.0, -9.0), "Vertex AI": (7.0, -7.0), "Cloud Storage": (2.0, 0.0)},
            id="months",
        ),
        pytest.param(
            {"project": "side-project-7", "months": ("2024-03", "2024-01")},
            {"Vertex AI": (7.0, -7.0), "Cloud Run": (2.25, -2.25)},
            id="both-months-swapped",
        ),
        pytest.param({"project": "nobody"}, {}, id="no-rows"),
    ],
)
def test_sql_filters(export, filters, expected):
    assert run(export, **filters) == expected


def test_sql_parameters_and_backticks():
    sql, params = gcp.billing_sql(f"`{TABLE}`", project="mlops-412", months=("2024-01", "202402"))
    assert f"FROM `{TABLE}`" in sql
    assert "project.id = @project" in sql and "BETWEEN @first_month AND @last_month" in sql
    assert params == {"project": "mlops-412", "first_month": "202401", "last_month": "202402"}
    assert "WHERE" not in gcp.billing_sql(TABLE)[0]


@pytest.mark.parametrize(
    ("bigquery", "duck"),
    [
        pytest.param("FROM `p-1.d.t`", 'FROM "p-1.d.t"', id="table-quoting"),
        pytest.param(
            "a = @project AND b BETWEEN @first_month AND @last_month",
            "a = $project AND b BETWEEN $first_month AND $last_month",
            id="parameters",
        ),
        pytest.param("SUM(c.amount)", "SUM(c.amount)", id="unchanged"),
    ],
)
def test_duckdb_adaptation(bigquery, duck):
    assert duckdb_sql(bigquery) == duck


@pytest.mark.parametrize(
    ("table", "filters"),
    [
        pytest.param("billing; DROP TABLE x", {}, id="injection"),
        pytest.param("just_a_table", {}, id="no-dataset"),
        pytest.param(TABLE, {"months": ("2024-13", "202401")}, id="bad-month"),
    ],
)
def test_sql_rejects_bad_input(table, filters):
    with pytest.raises(ValueError, match="is not a"):  # the caller's mistake, not the data's
        gcp.billing_sql(table, **filters)


# ---------------------------------------------------------------- query_bigquery with a fake client


class DuckClient:
    """BigQuery's client surface over DuckDB: the real SQL runs, only the transport is fake."""

    def __init__(self, con) -> None:
        self.con = con
        self.calls: list[tuple[str, object]] = []

    def query(self, sql, job_config=None):
        from google.cloud.bigquery.table import Row

        self.calls.append((sql, job_config))
        params = {p.name: p.value for p in job_config.query_parameters}
        cursor = self.con.execute(duckdb_sql(sql), params)
        fields = {column[0]: i for i, column in enumerate(cursor.description)}
        rows = [Row(values, fields) for values in cursor.fetchall()]
        return SimpleNamespace(result=lambda: iter(rows))


class FailingClient:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def query(self, sql, job_config=None):
        raise self.error


@pytest.fixture
def bigquery():
    return pytest.importorskip("google.cloud.bigquery")


def test_query_bigquery_runs_the_sql_and_snapshots(export, bigquery, tmp_path):
    client = DuckClient(export)
    costs = gcp.query_bigquery(
        TABLE, project="mlops-412", months=("2024-01", "2024-02"), client=client, offline=False
    )
    assert by_service(costs) == {
        "Compute Engine": (14.0, 9.0, 5.0),
        "Cloud Storage": (2.0, 0.0, 2.0),
    }
    assert (costs.currency, costs.gross, costs.credits, costs.total) == ("USD", 16.0, 9.0, 7.0)
    [(sql, config)] = client.calls
    assert sql == gcp.billing_sql(TABLE, project="mlops-412", months=("2024-01", "2024-02"))[0]
    assert [(p.name, p.type_, p.value) for p in config.query_parameters] == [
        ("project", "STRING", "mlops-412"),
        ("first_month", "STRING", "202401"),
        ("last_month", "STRING", "202402"),
    ]
    snapshot = tmp_path / "snapshots" / "gcp" / f"{TABLE}__mlops-412__202401-202402.json"
    saved = json.loads(snapshot.read_text(encoding="utf-8"))
    assert saved["source"] == f"gcp:{TABLE}" and saved["data"]["currency"] == "USD"
    assert saved["data"]["services"][0] == {
        "service": "Compute Engine",
        "cost": 14.0,
        "credits": 9.0,
        "net": 5.0,
    }


@pytest.mark.parametrize(
    "how",
    [
        pytest.param({"offline": True}, id="argument"),
        pytest.param({}, id="environment"),
    ],
)
def test_offline_reads_snapshot_and_marks_stale(export, bigquery, monkeypatch, published, how):
    online = gcp.query_bigquery(TABLE, client=DuckClient(export), offline=False)
    if not how:
        monkeypatch.setenv(kernel.OFFLINE_ENV, "1")
    offline = gcp.query_bigquery(TABLE, client=FailingClient(AssertionError("no network")), **how)
    assert offline == online
    [stale] = published[kernel.STALE_MIME]
    assert stale["source"] == f"gcp:{TABLE}" and stale["saved_at"].startswith("20")
    [record] = published[kernel.INPUT_MIME]
    assert record["path"].endswith(f"/gcp/{TABLE}.json")


def test_offline_without_snapshot(tmp_path):
    with pytest.raises(LiveDataError, match="build once online") as caught:
        gcp.query_bigquery(TABLE, project="mlops-412", offline=True)
    assert caught.value.path == str(tmp_path / "snapshots" / "gcp" / f"{TABLE}__mlops-412.json")


def test_snapshot_name_is_a_safe_file_name(export, bigquery, tmp_path):
    gcp.query_bigquery(TABLE, project="../etc/passwd", client=DuckClient(export), offline=False)
    assert [p.name for p in (tmp_path / "snapshots" / "gcp").iterdir()] == [
        f"{TABLE}__.._etc_passwd.json"
    ]


def test_offline_with_broken_snapshot(tmp_path):
    snapshot = tmp_path / "snapshots" / "gcp" / f"{TABLE}.json"
    snapshot.parent.mkdir(parents=True)
    snapshot.write_text("{not json", encoding="utf-8")
    with pytest.raises(LiveDataError, match="unreadable"):
        gcp.query_bigquery(TABLE, offline=True)


def _errors():
    api = pytest.importorskip("google.api_core.exceptions")
    auth = pytest.importorskip("google.auth.exceptions")
    return [
        pytest.param(
            auth.DefaultCredentialsError("no ADC"),
            "gcloud auth application-default",
            id="no-credentials",
        ),
        pytest.param(
            api.Forbidden("Access Denied"), "gcloud auth application-default", id="forbidden"
        ),
        pytest.param(api.NotFound("Not found: Table"), "check the table name", id="not-found"),
        pytest.param(
            api.BadRequest("Unrecognized name: credits"),
            "standard usage cost export",
            id="bad-request",
        ),
        pytest.param(ConnectionError("network unreachable"), "--offline", id="network"),
    ]


@pytest.mark.parametrize(("error", "hint"), _errors())
def test_client_errors_become_live_data_errors(bigquery, tmp_path, error, hint):
    with pytest.raises(LiveDataError) as caught:
        gcp.query_bigquery(TABLE, client=FailingClient(error), offline=False)
    assert hint in caught.value.hint and TABLE in caught.value.message
    assert not (tmp_path / "snapshots").exists()


def test_real_client_without_credentials(bigquery, monkeypatch, tmp_path):
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))
    with pytest.raises(LiveDataError, match="no usable credentials") as caught:
        gcp.query_bigquery(TABLE, offline=False)
    assert "gcloud auth application-default login" in caught.value.hint


def test_several_currencies_are_refused(export, bigquery):
    export.execute(f"UPDATE \"{TABLE}\" SET currency = 'EUR' WHERE project.id = 'side-project-7'")
    with pytest.raises(LiveDataError, match="several currencies: EUR, USD"):
        gcp.query_bigquery(TABLE, client=DuckClient(export), offline=False)
