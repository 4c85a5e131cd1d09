"""The Cloud console's billing CSVs for question 27, read into :class:`~.costs.Costs`.

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
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from report_nb.errors import LiveDataError
from report_nb.kernel import record_input
from report_nb.live.gcp.costs import Costs, service_cost

__all__ = ["read_csv"]

CSV_HINT = "download it from Billing > Reports (grouped by Service) or Billing > Cost table"
SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "kr": "DKK", "kr.": "DKK"}
CREDIT_COLUMNS = ("discounts", "promotions and others", "promotions", "credits", "savings programs")
TOTAL_ROW = re.compile(r"(grand\s+|sub)?totals?(\s+costs?)?:?", re.IGNORECASE)


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
        service,
        cost,
        credits,
        _find(names, "unrounded subtotal", "subtotal"),
        _find(names, "cost type"),
        _find(names, "credit type"),
        _find(names, "currency"),
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
    if re.search(r"\d", text[match.end() :]):
        raise ValueError(text)  # two numbers in one cell
    digits = (
        match[0].replace(".", "").replace(",", ".") if decimal_comma else match[0].replace(",", "")
    )
    negative = "-" in text[: match.start()] or (text.startswith("(") and text.endswith(")"))
    return -float(digits) if negative else float(digits)


def _number(text: str, decimal_comma: bool, path: Path, line: int) -> float:
    try:
        return _amount(text, decimal_comma)
    except ValueError:
        raise LiveDataError(
            f"'{text}' is not an amount",
            path=path,
            line=line,
            hint="amounts look like 1,234.50 or $1,234.50",
        ) from None


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
            return _aggregate(rows[start + 1 :], start + 2, columns, decimal_comma, path)
    found = ", ".join(f"'{h}'" for h in next((r for r in rows if any(r)), []))
    raise LiveDataError(
        "expected a 'Service description' column and a 'Cost (<currency>)' or 'Unrounded Cost "
        f"(<currency>)' column, found {found or 'no header'}",
        path=path,
        hint=CSV_HINT,
    )


def _is_credit_row(row: Sequence[str], cols: _Columns, amount: float) -> bool:
    if cols.cost_type is not None and re.search(
        r"credit|promotion|discount", _cell(row, cols.cost_type), re.IGNORECASE
    ):
        return True
    if cols.credit_type is not None and _cell(row, cols.credit_type):
        return True
    untyped = cols.cost_type is None and cols.credit_type is None and not cols.credits
    return untyped and cols.subtotal is None and amount < 0


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _aggregate(
    rows: list[list[str]], first_line: int, cols: _Columns, decimal_comma: bool, path: Path
) -> Costs:
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
    return Costs([service_cost(name, c, cr) for name, (c, cr) in totals.items()], currency)
