"""How ``report-nb audit`` prints a result: a text table, JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from report_nb.core.printing import _annotation

if TYPE_CHECKING:
    from report_nb.commands.auditing import AuditItem, AuditResult

FORMATS = ("text", "json", "github")
_MARK = {"present": "present", "absent": "ABSENT", "not-checkable": "not-checkable"}
_WIDTH = 64  # characters of an item's text in the table


def format_audit(result: AuditResult, fmt: str) -> str:
    """The result in one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(result.to_json(), indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(_github(result))
    return _text(result)


def _text(result: AuditResult) -> str:
    rules = f"rules {result.generation}" if result.generation else "no rules matched"
    lines = [f"{result.readme}  against {result.repo}  ({rules})"]
    if not result.items:
        lines.append("  no checklist items found")
    else:
        lines.append(f"  {'line':>4}  {'tick':<5} {'evidence':<13} item")
    for item in result.items:
        text = item.text if len(item.text) <= _WIDTH else item.text[: _WIDTH - 3] + "..."
        tick = f"[{item.tick}]"
        lines.append(f"  {item.line:>4}  {tick:<5} {_MARK[item.evidence]:<13} {text}")
    for item in result.items:
        if item.verdict:
            lines.append(f"  {item.verdict}: {result.readme}:{item.line}: {item.message}")
    lines.append(_summary(result))
    return "\n".join(lines)


def _summary(result: AuditResult) -> str:
    unread = sorted({i.tick for i in result.items if i.tick.strip() and not i.ticked})
    marks = f"; marks not read as ticks: {', '.join(f'[{m}]' for m in unread)}" if unread else ""
    unknown = sum(i.evidence == "not-checkable" for i in result.items)
    return (
        f"{result.ticked} ticked: {len(result.without_evidence)} without evidence, "
        f"{len(result.unticked_evidence)} not ticked with evidence, {unknown} not checkable" + marks
    )


def _github(result: AuditResult) -> list[str]:
    lines = []
    for item in result.items:
        if item.verdict:
            lines.append(_annotate(result, item))
    lines.append(_annotation("notice", result.readme, None, "Checklist", _summary(result)))
    return lines


def _annotate(result: AuditResult, item: AuditItem) -> str:
    level = "warning" if item.verdict == "warning" else "notice"
    return _annotation(level, result.readme, item.line, "Checklist", item.message or "")
