"""The project checklist's ``* [ ]`` items, read from a parsed report's checklist block."""

from __future__ import annotations

from report_nb.core.model import ChecklistItem, Report
from report_nb.core.patterns import lazy

# compiled on first use (see core.patterns): checklist items and their headings are the audit's
# and the import's, not the check's
_CHECK_ITEM = lazy(r"^[ \t]*[*+-][ \t]+\[([ xX])\][ \t]*(.*)$")
_MODULE_TAG = lazy(r"\((M\d+(?:\s*[+,/&]\s*M\d+)*)\)\s*$")
_HEADING = lazy(r"^#{1,6}[ \t]*(.*?)[ \t#]*$")


def checklist_items(report: Report) -> list[ChecklistItem]:
    """The checklist's ``* [ ]`` items with their state, module tag and week heading."""
    block = report.block("checklist")
    if block is None:
        return []
    items: list[ChecklistItem] = []
    group: str | None = None
    current: list[str] | None = None
    start, mark = 0, ""
    lines = block.text.split("\n")
    for offset, line in enumerate([*lines, ""]):
        item = _CHECK_ITEM().match(line)
        continues = current is not None and line[:1] in (" ", "\t") and line.strip()
        if continues and not item:
            current.append(line.strip())  # type: ignore[union-attr]
            continue
        if current is not None:
            items.append(_item(" ".join(current), mark, group, start))
            current = None
        heading = _HEADING().match(line)
        if heading and offset > 0:
            group = heading.group(1)
        if item:
            mark, current, start = item.group(1), [item.group(2).strip()], block.line + offset
    return items


def _item(text: str, mark: str, group: str | None, line: int) -> ChecklistItem:
    tag = _MODULE_TAG().search(text)
    return ChecklistItem(
        text=text, mark=mark, module=tag.group(1) if tag else None, group=group, line=line
    )
