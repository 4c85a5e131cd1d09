"""How ``report-nb check`` prints results: a text table, JSON, or GitHub workflow annotations."""

from __future__ import annotations

from collections.abc import Sequence

from report_nb.core.grader import REJECTS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)

if TYPE_CHECKING:  # the CLI imports FORMATS at start-up: keep this module light
    from report_nb.core.results import CheckResult

FORMATS = ("text", "json", "github")


def format_results(
    results: Sequence[CheckResult], fmt: str, errors: Sequence[dict[str, str]] = ()
) -> str:
    """All results in one of :data:`FORMATS`; JSON lists unreadable files as ``{path, error}``."""
    if fmt == "json":
        import json

        data = [r.to_json() for r in results] + list(errors)
        if len(data) == 1:
            return json.dumps(data[0], indent=2, ensure_ascii=False)
        # many files: one compact line per file (json's C encoder; indenting is pure Python)
        lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in data)
        return f"[\n{lines}\n]"
    if fmt == "github":
        return "\n".join(line for r in results for line in _github(r))
    # a handful of distinct limits, in every report: each described once, found by its values
    # (a tuple hashes in C; a Limits record in Python, a third of the printing time of a batch)
    described: dict[tuple[object, object], str] = {}
    return "\n\n".join(_text(r, described) for r in results)


def _text(result: CheckResult, described: dict[tuple[object, object], str]) -> str:
    lines = [f"{result.path}  (profile {result.profile})"]
    lines.append(f"  {'Q':>3}  {'words':>5}  {'images':>6}  {'limits':<26}  status")
    for q in result.questions:
        status = "FAIL " + "; ".join(q.problems) if q.problems else "ok"
        key = (q.limits.words, q.limits.images)
        limits = described.get(key)
        if limits is None:
            limits = described[key] = q.limits.describe() if q.limits else "-"
        lines.append(f"  {q.number:>3}  {q.words:>5}  {q.images:>6}  {limits:<26}  {status}")
    for warning in result.warnings:
        where = f"{result.path}:{warning.line}" if warning.line else result.path
        question = f" question {warning.question}:" if warning.question else ""
        lines.append(f"  warning: {where}:{question} {warning.message}")
    verdict = f"passed {result.passed}/{result.total}"
    if result.rejected:
        verdict += " (the official checker will reject this file)"
    lines.append(verdict)
    return "\n".join(lines)


def _github(result: CheckResult) -> list[str]:
    lines = []
    for q in result.questions:
        if not q.ok:
            lines.append(
                _annotation(
                    "error", result.path, q.line, f"Question {q.number}", "; ".join(q.problems)
                )
            )
    rejection = REJECTS + (result.rejected or "")
    for warning in result.warnings:
        title = f"Question {warning.question}" if warning.question else "report"
        # the rejection fails the job: an error annotation, like a failing question
        level = "error" if result.rejected and warning.message == rejection else "warning"
        lines.append(_annotation(level, result.path, warning.line, title, warning.message))
    lines.append(f"::notice file={_prop(result.path)}::passed {result.passed}/{result.total}")
    return lines


def _annotation(level: str, path: str, line: int | None, title: str, message: str) -> str:
    props = [f"file={_prop(path)}"]
    if line:
        props.append(f"line={line}")
    props.append(f"title={_prop(title)}")
    return f"::{level} {','.join(props)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
