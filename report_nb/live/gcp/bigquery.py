"""The BigQuery billing export for question 27: one query, cost and credits per service.

:func:`billing_sql` builds the query on the standard usage cost table
(``gcp_billing_export_v1_<ACCOUNT>``); :func:`query_bigquery` runs it with google-cloud-bigquery
(the ``gcp`` extra) through :mod:`report_nb.live.snapshots`, so an ``--offline`` build reuses the
last result and marks the question stale. A bad table name or month is the caller's mistake
(``ValueError``); failed queries and unusable results are :class:`LiveDataError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from report_nb.errors import LiveDataError
from report_nb.live.extras import require
from report_nb.live.gcp.costs import Costs, ServiceCost, service_cost
from report_nb.live.snapshots import Snapshot, fetch_or_load

__all__ = ["billing_sql", "query_bigquery"]

TABLE_HINT = "use <project>.<dataset>.gcp_billing_export_v1_<ACCOUNT>"


def _table_name(table: str) -> str:
    name = table.strip().strip("`")
    if not re.fullmatch(r"[\w-]+(\.[\w-]+){1,2}", name):
        raise ValueError(f"'{table}' is not a BigQuery table name: {TABLE_HINT}")
    return name


def _month(text: str) -> str:
    match = re.fullmatch(r"(\d{4})-?(0[1-9]|1[0-2])", text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a month: write months as YYYYMM or YYYY-MM")
    return match[1] + match[2]


def billing_sql(
    table: str, *, project: str | None = None, months: tuple[str, str] | None = None
) -> tuple[str, dict[str, str]]:
    """BigQuery Standard SQL for gross cost, credits (negative) and currency per service.

    Credits are summed per export row by a correlated subquery, never by joining
    ``UNNEST(credits)``: a join would repeat a row's cost once per credit. ``months`` filters
    ``invoice.month`` (inclusive); the returned dict holds the ``@`` parameters.
    """
    where: list[str] = []
    params: dict[str, str] = {}
    if project:
        where.append("project.id = @project")
        params["project"] = project
    if months:
        params["first_month"], params["last_month"] = sorted(map(_month, months))
        where.append("invoice.month BETWEEN @first_month AND @last_month")
    sql = (
        "SELECT\n  service.description AS service_name,\n  currency,\n"
        "  SUM(cost) AS gross_cost,\n"
        "  SUM(COALESCE((SELECT SUM(c.amount) FROM UNNEST(credits) AS c), 0)) AS credit_amount\n"
        f"FROM `{_table_name(table)}`\n"
        + ("WHERE " + "\n  AND ".join(where) + "\n" if where else "")
        + "GROUP BY service_name, currency\nORDER BY gross_cost DESC, service_name"
    )
    return sql, params


def query_bigquery(
    table: str,
    *,
    project: str | None = None,
    months: tuple[str, str] | None = None,
    client: Any = None,
    offline: bool | None = None,
) -> Costs:
    """Costs from the BigQuery billing export ``table``, or its last snapshot when offline."""
    sql, params = billing_sql(table, project=project, months=months)
    name = _table_name(table)
    suffix = (f"__{project}" if project else "") + (
        f"__{params['first_month']}-{params['last_month']}" if months else ""
    )
    snapshot = Snapshot.of("gcp:" + name, "gcp", name + suffix)
    return fetch_or_load(
        snapshot,
        lambda: _costs_from_rows(_run(sql, params, name, client), name),
        _encode,
        _decode,
        offline,
    )


def _encode(costs: Costs) -> dict[str, Any]:
    return {"currency": costs.currency, "services": [s.__dict__ for s in costs.services]}


def _decode(data: dict[str, Any]) -> Costs:
    return Costs([ServiceCost(**s) for s in data["services"]], str(data["currency"]))


def _run(sql: str, params: dict[str, str], table: str, client: Any) -> list[Any]:
    bigquery = require("google.cloud.bigquery", "gcp")
    api = require("google.api_core.exceptions", "gcp")
    auth = require("google.auth.exceptions", "gcp")
    config = bigquery.QueryJobConfig(
        query_parameters=[
            bigquery.ScalarQueryParameter(key, "STRING", value) for key, value in params.items()
        ]
    )
    try:
        if client is None:  # run the job in the project that holds the export
            client = bigquery.Client(project=table.split(".")[0] if table.count(".") == 2 else None)
        return list(client.query(sql, job_config=config).result())
    except (auth.DefaultCredentialsError, auth.RefreshError, api.Unauthorized, api.Forbidden) as e:
        problem = "no usable credentials" if isinstance(e, auth.GoogleAuthError) else "no access"
        raise LiveDataError(
            f"BigQuery query on {table}: {problem}",
            hint="run 'gcloud auth application-default login' with an account that may read it",
        ) from None
    except api.NotFound:
        raise LiveDataError(
            f"BigQuery table {table} not found",
            hint="check the table name: <project>.<dataset>.gcp_billing_export_v1_<ACCOUNT>",
        ) from None
    except (api.GoogleAPIError, auth.GoogleAuthError, OSError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LiveDataError(
            f"BigQuery query on {table} failed: {message}",
            hint="check the table is the standard usage cost export, or build --offline",
        ) from None


def _costs_from_rows(rows: Iterable[Any], table: str) -> Costs:
    rows = list(rows)
    currencies = sorted({row.currency for row in rows if row.currency})
    if len(currencies) > 1:
        raise LiveDataError(
            f"{table} holds costs in several currencies: {', '.join(currencies)}",
            hint="filter by project or months so that one currency remains",
        )
    services = [
        service_cost(
            row.service_name or "(no service)",
            float(row.gross_cost or 0.0),
            -float(row.credit_amount or 0.0),
        )
        for row in rows
    ]
    return Costs(services, currencies[0] if currencies else "")
