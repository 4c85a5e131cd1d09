"""Google Cloud spend for question 27: cost per service, credits used, net total, from two sources.

``read_csv(path)`` reads a CSV downloaded from the Cloud console. Headers are matched
case-insensitively and without their currency suffix (``Cost ($)``, ``Cost (€)``, ``Cost (DKK)``),
after up to ten preamble lines. Supported layouts: (1) Billing > Reports, any grouping that keeps
``Service description``: ``Cost``, optional credit columns (``Discounts``, ``Promotions and
others``, ``Promotions``, ``Credits``, ``Savings programs``) and ``Subtotal``; without credit
columns, credits are ``Cost - Subtotal``; (2) Billing > Cost table, one row per service, SKU or
project with ``Cost`` or ``Unrounded Cost`` (preferred), where rows whose ``Cost type`` names a
credit, promotion or discount, or whose ``Credit type`` is filled, are credits; with neither
column nor credit columns, negative amounts are credits. Rows with no service and ``Total`` rows
are skipped. Amounts may carry currency signs, thousands separators and accounting parentheses;
a ``;``-separated file (saved by a Danish spreadsheet) is read with decimal commas.
``query_bigquery(table)`` runs :func:`billing_sql` on the BigQuery billing export (standard usage
cost table) and snapshots the result for ``--offline`` builds. In :class:`Costs`, ``credits`` is
the positive amount of credits used, so ``net = cost - credits``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from report_nb.errors import LiveDataError
from report_nb.io import atomic_write
from report_nb.kernel import is_offline, mark_stale, record_input, snapshot_dir
from report_nb.live import require
from report_nb.live.figures import ReportFigure, new_figure
from report_nb.live.tables import MarkdownTable

__all__ = ["Costs", "ServiceCost", "billing_sql", "duckdb_sql", "query_bigquery", "read_csv"]

CSV_HINT = "download it from Billing > Reports (grouped by Service) or Billing > Cost table"
SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "kr": "DKK", "kr.": "DKK"}
CREDIT_COLUMNS = ("discounts", "promotions and others", "promotions", "credits", "savings programs")
TOTAL_ROW = re.compile(r"(grand\s+|sub)?totals?(\s+costs?)?:?", re.IGNORECASE)


@dataclass(frozen=True)
class ServiceCost:
    """One service's gross cost, credits used (positive) and net cost (``cost - credits``)."""

    service: str
    cost: float
    credits: float
    net: float


def _service(name: str, cost: float, credits: float) -> ServiceCost:
    return ServiceCost(name, cost, credits, cost - credits)


@dataclass
class Costs:
    """Spend per service, sorted by gross cost (highest first), in one ``currency``."""

    services: list[ServiceCost] = field(default_factory=list)
    currency: str = ""

    def __post_init__(self) -> None:
        self.services = sorted(self.services, key=lambda s: (-s.cost, s.service))

    @property
    def gross(self) -> float:
        """Cost before credits."""
        return sum(s.cost for s in self.services)

    @property
    def credits(self) -> float:
        """Credits used, as a positive amount (the answer to "how many credits did you use")."""
        return sum(s.credits for s in self.services)

    @property
    def total(self) -> float:
        """What was left to pay after credits: ``gross - credits``."""
        return sum(s.net for s in self.services)

    @property
    def most_expensive(self) -> ServiceCost | None:
        """The service with the highest gross cost (``None`` when nothing was spent)."""
        return self.services[0] if self.services else None

    def money(self, amount: float) -> str:
        """``amount`` with two decimals and the currency, e.g. ``1,234.50 DKK``."""
        return f"{round(amount, 2) + 0.0:,.2f} {self.currency}".strip()  # + 0.0: no "-0.00"

    def folded(self, limit: int | None = None, min_cost: float = 0.0) -> list[ServiceCost]:
        """The services above ``min_cost``, at most ``limit``, the rest summed into "Other"."""
        eligible = [s for s in self.services if s.cost >= min_cost]
        kept = eligible[:limit]
        rest = eligible[len(kept):] + [s for s in self.services if s.cost < min_cost]
        if rest:
            name = f"Other ({len(rest)} services)"
            kept.append(_service(name, sum(s.cost for s in rest), sum(s.credits for s in rest)))
        return kept

    def table(self, limit: int | None = None, min_cost: float = 0.0) -> MarkdownTable:
        """Service, cost, credits (negative, as on the invoice) and net, with a Total row."""
        rows = [[s.service, self.money(s.cost), self.money(-s.credits), self.money(s.net)]
                for s in self.folded(limit, min_cost)]
        rows.append(["**Total**", self.money(self.gross), self.money(-self.credits),
                     self.money(self.total)])
        return MarkdownTable(["Service", "Cost", "Credits", "Net"], rows,
                             ["left", "right", "right", "right"])

    def figure(self, limit: int = 8) -> ReportFigure:
        """Horizontal bars of gross cost per service, split into paid and covered by credits."""
        services = self.folded(limit)
        fig = new_figure(6.4, 1.2 + 0.4 * max(len(services), 1))
        axes = fig.add_subplot()
        names = [s.service for s in services]
        axes.barh(names, [s.net for s in services], label="paid")
        axes.barh(names, [s.credits for s in services], left=[s.net for s in services],
                  label="covered by credits")
        axes.invert_yaxis()  # most expensive on top
        axes.set_xlabel(f"Cost ({self.currency})" if self.currency else "Cost")
        axes.legend(loc="lower right")
        return ReportFigure(fig, name="gcp_costs", alt="Google Cloud cost per service")

    def summary(self) -> str:
        """One sentence for the answer: credits used, totals and the most expensive service."""
        top = self.most_expensive
        if top is None:
            return "No Google Cloud costs were recorded."
        return (f"We used {self.money(self.credits)} of credits: the services cost "
                f"{self.money(self.gross)} before and {self.money(self.total)} after credits, "
                f"and the most expensive was {top.service} ({self.money(top.cost)}).")


# ---------------------------------------------------------------- console CSV


@dataclass
class _Columns:
    """Where each field is in a CSV header (indices), and the currency its suffix names."""

    service: int
    cost: int
    credits: list[int]
    subtotal: int | None
    cost_type: int | None
    credit_type: int | None
    currency_column: int | None
    currency: str


def _name(header: str) -> tuple[str, str]:
    """``'Unrounded Cost ($)'`` -> ``('unrounded cost', '$')``: lower-case name and unit."""
    text = " ".join(header.replace("\ufeff", "").replace("_", " ").split()).lower()
    match = re.fullmatch(r"(.*?)\s*[(\[]([^)\]]*)[)\]]", text)
    return (match[1], match[2].strip()) if match else (text, "")


def _find(names: list[str], *wanted: str) -> int | None:
    """Index of the first of ``wanted`` present (earlier = preferred), else ``None``."""
    return next((names.index(w) for w in wanted if w in names), None)


def _columns(header: Sequence[str]) -> _Columns | None:
    names = [_name(h)[0] for h in header]
    service = _find(names, "service description", "service", "service name")
    cost = _find(names, "unrounded cost", "cost")
    if service is None or cost is None:
        return None
    credits = [i for c in CREDIT_COLUMNS if (i := _find(names, "unrounded " + c, c)) is not None]
    unit = _name(header[cost])[1]
    return _Columns(
        service, cost, credits, _find(names, "unrounded subtotal", "subtotal"),
        _find(names, "cost type"), _find(names, "credit type"), _find(names, "currency"),
        SYMBOLS.get(unit, unit.upper()),
    )


def _amount(text: str, decimal_comma: bool) -> float:
    """A number as the console or a spreadsheet writes it: ``$1,234.50``, ``(3.20)``, ``12,5``."""
    text = text.strip().replace("\u2212", "-")
    match = re.search(r"\d[\d.,]*", text)
    if match is None:
        if text in ("", "-", "–", "—"):
            return 0.0
        raise ValueError(text)
    if not decimal_comma:
        try:
            return float(text)  # the common case, and scientific notation in unrounded costs
        except ValueError:
            pass
    if re.search(r"\d", text[match.end():]):
        raise ValueError(text)  # two numbers in one cell
    digits = match[0].replace(".", "").replace(",", ".") if decimal_comma else match[0].replace(
        ",", "")
    negative = "-" in text[:match.start()] or (text.startswith("(") and text.endswith(")"))
    return -float(digits) if negative else float(digits)


def _number(text: str, decimal_comma: bool, path: Path, line: int) -> float:
    try:
        return _amount(text, decimal_comma)
    except ValueError:
        raise LiveDataError(f"'{text}' is not an amount", path=path, line=line,
                            hint="amounts look like 1,234.50 or $1,234.50") from None


def _read_rows(path: Path) -> tuple[list[list[str]], bool]:
    """The CSV's rows (BOM dropped) and whether it uses decimal commas (``;``-separated)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LiveDataError("no such billing CSV", path=path, hint=CSV_HINT) from None
    except UnicodeDecodeError:
        raise LiveDataError("not a UTF-8 file", path=path, hint="save it as CSV UTF-8") from None
    except OSError as error:
        raise LiveDataError(f"cannot read: {error.strerror}", path=path) from None
    lines = text.splitlines()[:10]
    header = next((line for line in lines if "cost" in line.lower()), lines[0] if lines else "")
    delimiter = max(",;\t", key=header.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter)), delimiter == ";"


def read_csv(path: str | Path) -> Costs:
    """Costs from a Billing > Reports or Billing > Cost table CSV (layouts in the module doc)."""
    path = Path(path)
    rows, decimal_comma = _read_rows(path)
    record_input(path)
    for start, header in enumerate(rows[:10]):
        columns = _columns(header)
        if columns is not None:
            return _aggregate(rows[start + 1:], start + 2, columns, decimal_comma, path)
    found = ", ".join(f"'{h}'" for h in next((r for r in rows if any(r)), []))
    raise LiveDataError(
        "expected a 'Service description' column and a 'Cost (<currency>)' or 'Unrounded Cost "
        f"(<currency>)' column, found {found or 'no header'}", path=path, hint=CSV_HINT)


def _is_credit_row(row: Sequence[str], cols: _Columns, amount: float) -> bool:
    if cols.cost_type is not None and re.search(
            r"credit|promotion|discount", _cell(row, cols.cost_type), re.IGNORECASE):
        return True
    if cols.credit_type is not None and _cell(row, cols.credit_type):
        return True
    untyped = cols.cost_type is None and cols.credit_type is None and not cols.credits
    return untyped and cols.subtotal is None and amount < 0


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _aggregate(rows: list[list[str]], first_line: int, cols: _Columns, decimal_comma: bool,
               path: Path) -> Costs:
    totals: dict[str, list[float]] = {}
    currency = cols.currency
    for line, row in enumerate(rows, first_line):
        service = _cell(row, cols.service)
        if not service or TOTAL_ROW.fullmatch(service) or TOTAL_ROW.fullmatch(_cell(row, 0)):
            continue  # summary lines, blank lines

        def number(index: int | None, row: list[str] = row, line: int = line) -> float:
            return _number(_cell(row, index), decimal_comma, path, line)

        amount, entry = number(cols.cost), totals.setdefault(service, [0.0, 0.0])
        currency = _cell(row, cols.currency_column) or currency
        if _is_credit_row(row, cols, amount):
            entry[1] -= amount  # credit amounts are negative; credits used are positive
            continue
        entry[0] += amount
        if cols.credits:
            entry[1] -= sum(number(i) for i in cols.credits)
        elif cols.subtotal is not None:
            entry[1] += amount - number(cols.subtotal)
    return Costs([_service(name, c, cr) for name, (c, cr) in totals.items()], currency)


# ---------------------------------------------------------------- BigQuery billing export


def _table_name(table: str) -> str:
    name = table.strip().strip("`")
    if not re.fullmatch(r"[\w-]+(\.[\w-]+){1,2}", name):
        raise LiveDataError(f"'{table}' is not a BigQuery table name",
                            hint="use <project>.<dataset>.gcp_billing_export_v1_<ACCOUNT>")
    return name


def _month(text: str) -> str:
    match = re.fullmatch(r"(\d{4})-?(0[1-9]|1[0-2])", text.strip())
    if not match:
        raise LiveDataError(f"'{text}' is not a month", hint="write months as YYYYMM or YYYY-MM")
    return match[1] + match[2]


def billing_sql(table: str, *, project: str | None = None,
                months: tuple[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """BigQuery Standard SQL for gross cost, credits (negative) and currency per service.

    Credits are summed per export row by a correlated subquery, never by joining
    ``UNNEST(credits)``: a join would repeat a row's cost once per credit. ``months`` filters
    ``invoice.month`` (inclusive); the returned dict holds the ``@`` parameters.
    """
    where, params = [], {}
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


def duckdb_sql(sql: str) -> str:
    """:func:`billing_sql` text for DuckDB: `a.b.c` becomes "a.b.c" and ``@name`` ``$name``."""
    sql = re.sub(r"`([^`]*)`", lambda m: '"' + m[1].replace('"', '""') + '"', sql)
    return re.sub(r"@(\w+)", r"$\1", sql)


def query_bigquery(table: str, *, project: str | None = None,
                   months: tuple[str, str] | None = None, client: Any = None,
                   offline: bool | None = None) -> Costs:
    """Costs from the BigQuery billing export ``table``, or its last snapshot when offline."""
    sql, params = billing_sql(table, project=project, months=months)
    name = _table_name(table)
    suffix = (f"__{project}" if project else "") + (
        f"__{params['first_month']}-{params['last_month']}" if months else "")
    snapshot = snapshot_dir() / "gcp" / (name + re.sub(r"[^\w.-]", "_", suffix) + ".json")
    if is_offline(offline):
        return _load_snapshot(snapshot, "gcp:" + name)
    costs = _costs_from_rows(_run(sql, params, name, client), name)
    payload = {"source": "gcp:" + name, "currency": costs.currency,
               "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "services": [s.__dict__ for s in costs.services]}
    atomic_write(snapshot, json.dumps(payload, indent=1).encode("utf-8"))
    return costs


def _run(sql: str, params: dict[str, str], table: str, client: Any) -> list[Any]:
    bigquery = require("google.cloud.bigquery", "gcp")
    api = require("google.api_core.exceptions", "gcp")
    auth = require("google.auth.exceptions", "gcp")
    config = bigquery.QueryJobConfig(query_parameters=[
        bigquery.ScalarQueryParameter(key, "STRING", value) for key, value in params.items()])
    try:
        if client is None:  # run the job in the project that holds the export
            client = bigquery.Client(project=table.split(".")[0] if table.count(".") == 2 else None)
        return list(client.query(sql, job_config=config).result())
    except (auth.DefaultCredentialsError, auth.RefreshError, api.Unauthorized, api.Forbidden) as e:
        problem = "no usable credentials" if isinstance(e, auth.GoogleAuthError) else "no access"
        raise LiveDataError(f"BigQuery query on {table}: {problem}", hint="run 'gcloud auth "
                            "application-default login' with an account that may read it") from None
    except api.NotFound:
        raise LiveDataError(f"BigQuery table {table} not found", hint="check the table name: "
                            "<project>.<dataset>.gcp_billing_export_v1_<ACCOUNT>") from None
    except (api.GoogleAPIError, auth.GoogleAuthError, OSError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LiveDataError(f"BigQuery query on {table} failed: {message}", hint="check the "
                            "table is the standard usage cost export, or build --offline") from None


def _costs_from_rows(rows: Iterable[Any], table: str) -> Costs:
    rows = list(rows)
    currencies = sorted({row.currency for row in rows if row.currency})
    if len(currencies) > 1:
        raise LiveDataError(f"{table} holds costs in several currencies: {', '.join(currencies)}",
                            hint="filter by project or months so that one currency remains")
    services = [_service(row.service_name or "(no service)", float(row.gross_cost or 0.0),
                         -float(row.credit_amount or 0.0)) for row in rows]
    return Costs(services, currencies[0] if currencies else "")


def _load_snapshot(path: Path, source: str) -> Costs:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        costs = Costs([ServiceCost(**s) for s in data["services"]], data["currency"])
        saved_at = str(data["saved_at"])
    except FileNotFoundError:
        raise LiveDataError("no saved billing data to build offline with", path=path,
                            hint="build once online (without --offline) to save it") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise LiveDataError("saved billing data is unreadable", path=path,
                            hint="delete it and build once online") from None
    record_input(path)  # offline builds re-run when the snapshot changes
    mark_stale(source, saved_at)
    return costs
