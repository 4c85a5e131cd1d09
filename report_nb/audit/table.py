"""The course staff's batch mode: one row per group repository, written as CSV and JSON.

Each row holds what the course's checker would say about the group's ``reports/README.md``
(questions passed and total, whether it rejects the file, report-nb's hand-in warnings) and the
audit's counts (ticked, ticked without evidence, evidence without a tick). A repository whose
report cannot be read gets a row with the error, and the batch goes on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from report_nb.audit.checklist import items_in
from report_nb.audit.repo import RepoIndex
from report_nb.commands.auditing import audit_items
from report_nb.core.check import check_text
from report_nb.core.template import parse
from report_nb.errors import ReportNbError
from report_nb.io import read_text
from report_nb.store.transaction import commit

README = Path("reports") / "README.md"
Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class Row:
    """One group: the checker's verdict and the audit's counts (or why there are none)."""

    group: str
    path: str
    passed: int | None = None
    total: int | None = None
    rejected: bool | None = None
    handin_warnings: int | None = None
    generation: str | None = None
    items: int | None = None
    ticked: int | None = None
    ticked_without_evidence: int | None = None
    evidence_without_tick: int | None = None
    not_checkable: int | None = None
    error: str | None = None


def audit_table(repos: Sequence[Path], progress: Progress | None = None) -> list[Row]:
    """A row per repository folder, in the order given."""
    rows = []
    for number, repo in enumerate(repos, 1):
        rows.append(_row(Path(repo)))
        if progress:
            progress(number, len(repos), Path(repo).name)
    return rows


def _row(repo: Path) -> Row:
    row = Row(repo.name, str(repo))
    try:
        text = read_text(repo / README)
        checked = check_text(text, str(repo / README))
        block = parse(text).block("checklist")
        items = items_in(block.text, block.line) if block else []
        result = audit_items(items, RepoIndex(repo), str(repo / README))
    except ReportNbError as error:
        row.error = str(error)
        return row
    row.passed, row.total = checked.passed, checked.total
    row.rejected, row.handin_warnings = checked.rejected is not None, len(checked.warnings)
    row.generation, row.items, row.ticked = result.generation, len(items), result.ticked
    row.ticked_without_evidence = len(result.without_evidence)
    row.evidence_without_tick = len(result.unticked_evidence)
    row.not_checkable = sum(i.evidence == "not-checkable" for i in result.items)
    return row


def write_table(rows: Sequence[Row], output: Path) -> tuple[Path, Path]:
    """Write ``output`` (CSV) and the same rows as JSON beside it, both or neither."""
    output = Path(output)
    json_path = output.with_suffix(".json")
    buffer = io.StringIO()
    fields = list(Row.__dataclass_fields__)
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in asdict(row).items()})
    data = json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False) + "\n"
    # both files or neither, through the one transaction every report-nb write goes through
    commit(output.parent, {output: buffer.getvalue().encode(), json_path: data.encode()})
    return output, json_path
