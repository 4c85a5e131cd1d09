"""``report-nb audit``: every checklist item of a README, held against the repository's files.

:func:`audit` reads the checklist (:mod:`report_nb.audit.checklist`), picks the rules of the
template generation the items match best (:mod:`report_nb.audit.rules`), walks the repository
once (:mod:`report_nb.audit.repo`) and judges each item (:mod:`report_nb.audit.evidence`). A
ticked item without evidence is a warning, evidence without a tick a hint. It writes nothing.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path

from report_nb.audit.checklist import Item, read_items
from report_nb.audit.evidence import ABSENT, PRESENT, absent, judge
from report_nb.audit.repo import RepoIndex
from report_nb.audit.rules import RULES_DIR, Rule, RulesError, RuleSet, best
from report_nb.core.records import Record
from report_nb.errors import AuditError
from report_nb.io import read_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (check imports this)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

README = Path("reports") / "README.md"


class AuditItem(Record):
    """One checklist item with its tick and what the repository shows for it."""

    __slots__ = ("evidence", "line", "paths", "reason", "rule", "text", "tick", "ticked")
    line: int
    text: str
    tick: str
    ticked: bool
    evidence: str
    paths: list[str]
    reason: str
    rule: str | None

    def __init__(
        self,
        line: int,
        text: str,
        tick: str,
        ticked: bool,
        evidence: str,
        paths: list[str] | None = None,
        reason: str = "",
        rule: str | None = None,
    ) -> None:
        self.line, self.text, self.tick, self.ticked = line, text, tick, ticked
        self.evidence, self.paths = evidence, [] if paths is None else paths
        self.reason, self.rule = reason, rule

    @property
    def verdict(self) -> str | None:
        """``warning`` (ticked, no evidence), ``hint`` (evidence, no tick) or None."""
        if self.ticked and self.evidence == ABSENT:
            return "warning"
        if not self.ticked and self.evidence == PRESENT:
            return "hint"
        return None

    @property
    def message(self) -> str | None:
        """The sentence for the verdict, as the text and GitHub formats print it."""
        if self.verdict == "warning":
            return f"graders may not find evidence: {self.reason}"
        if self.verdict == "hint":
            return f"you may tick this: {', '.join(self.paths[:3]) or self.reason}"
        return None

    def to_json(self) -> dict:
        """JSON form of ``audit --format json``."""
        return {
            "line": self.line,
            "text": self.text,
            "tick": self.tick,
            "ticked": self.ticked,
            "evidence": self.evidence,
            "paths": self.paths,
            "reason": self.reason,
            "rule": self.rule,
            "verdict": self.verdict,
        }


class AuditResult(Record):
    """The audit of one README against one repository."""

    __slots__ = ("generation", "items", "readme", "repo")
    readme: str
    repo: str
    generation: str | None
    items: list[AuditItem]

    def __init__(
        self, readme: str, repo: str, generation: str | None, items: list[AuditItem]
    ) -> None:
        self.readme, self.repo, self.generation, self.items = readme, repo, generation, items

    @property
    def ticked(self) -> int:
        """Items ticked ``[x]``/``[X]``."""
        return sum(i.ticked for i in self.items)

    @property
    def without_evidence(self) -> list[AuditItem]:
        """Ticked items whose evidence is absent (the warnings)."""
        return [i for i in self.items if i.verdict == "warning"]

    @property
    def unticked_evidence(self) -> list[AuditItem]:
        """Items with evidence but no tick (the hints)."""
        return [i for i in self.items if i.verdict == "hint"]

    @property
    def ok(self) -> bool:
        """True when every ticked item has evidence or cannot be checked."""
        return not self.without_evidence

    def to_json(self) -> dict:
        """JSON form of ``audit --format json``."""
        return {
            "readme": self.readme,
            "repo": self.repo,
            "generation": self.generation,
            "ticked": self.ticked,
            "without_evidence": len(self.without_evidence),
            "evidence_without_tick": len(self.unticked_evidence),
            "items": [i.to_json() for i in self.items],
        }


def audit(
    readme: str | Path | None = None,
    repo: str | Path | None = None,
    *,
    start: str | Path | None = None,
    rules: Path = RULES_DIR,
) -> AuditResult:
    """Audit ``readme``'s checklist against the repository at ``repo``.

    ``readme`` defaults to ``reports/README.md`` of the repository around ``start`` (the current
    folder); ``repo`` to the git top level around the README, else the README's grandparent.
    Raises :class:`~report_nb.errors.AuditError` or
    :class:`~report_nb.errors.ReportFormatError` for bad input.
    """
    here = Path(start) if start else Path.cwd()
    readme_path, root = locate(readme, repo, here)
    text = read_text(readme_path)
    shown = str(readme) if readme is not None else _below(readme_path, here)
    items = read_items(text, shown)
    return audit_items(items, RepoIndex(root), shown, rules)


def _below(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` when it is inside it (GitHub annotations want that)."""
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(folder.resolve()))
    return str(path)


def audit_items(
    items: list[Item], index: RepoIndex, readme: str = "README.md", rules: Path = RULES_DIR
) -> AuditResult:
    """Judge already-read items against an already-walked repository."""
    ruleset = best([i.text for i in items], rules) if items else None
    judged = []
    for item in items:
        rule = ruleset.rule_for(item.text) if ruleset else None
        evidence = _probed(judge, rule, index, ruleset)
        judged.append(
            AuditItem(
                line=item.line,
                text=item.text,
                tick=item.tick,
                ticked=item.ticked,
                evidence=evidence.status,
                paths=list(dict.fromkeys(h.path for h in evidence.hits)),
                reason=evidence.reason,
                rule=rule.id if rule else None,
            )
        )
    generation = ruleset.generation if ruleset else None
    return AuditResult(readme, str(index.root), generation, judged)


def ticked_without_evidence(items: list[Item], index: RepoIndex, rules: Path = RULES_DIR) -> int:
    """``len(audit_items(items, index).without_evidence)``, running only the probes it needs.

    The count ``check`` prints for a README in a repository: only ticked items are judged, and
    each only as far as :func:`~report_nb.audit.evidence.absent` needs.
    """
    ruleset = best([i.text for i in items], rules) if items else None
    if ruleset is None:
        return 0
    ticked = [item for item in items if item.ticked]
    return sum(_probed(absent, ruleset.rule_for(i.text), index, ruleset) for i in ticked)


def _probed(how: Callable[..., T], rule: Rule | None, index: RepoIndex, rules: RuleSet | None) -> T:
    """``how(rule, index, ignore)``, a bad regex in a probe named as the rules' error."""
    try:
        return how(rule, index, rules.ignore if rules else ())
    except re.error as error:  # a probe's regexes are compiled when first used
        path = rules.path if rules else None
        name = rule.id if rule else "?"
        raise RulesError(f"rule {name}: bad regex: {error}", path=path) from None


def audit_summary(readme: str | Path, index: RepoIndex | None = None) -> dict[int, dict]:
    """Per checklist line (1-based): the item's JSON (tick, evidence, paths, reason, verdict).

    What the JupyterLab extension shows beside each item. ``index`` is a walk the caller keeps
    (see :attr:`RepoIndex.fingerprint`), so that a save re-reads only the README.
    """
    if index is None:
        result = audit(readme)
    else:
        text = read_text(readme)
        result = audit_items(read_items(text, str(readme)), index, str(readme))
    return {i.line: i.to_json() for i in result.items}


def locate(readme: str | Path | None, repo: str | Path | None, start: Path) -> tuple[Path, Path]:
    """The README and the repository root, from what was given and where we are."""
    if readme is None:
        top = git_top(start) or start
        readme_path = top / README
        if not readme_path.is_file():
            raise AuditError(
                "no README given and none at reports/README.md", path=readme_path,
                hint="pass the report's path, e.g. report-nb audit reports/README.md",
            )  # fmt: skip
    else:
        readme_path = Path(readme)
    if repo is not None:
        root = Path(repo)
    else:
        folder = readme_path.resolve().parent
        root = git_top(folder) or folder.parent
    if not root.is_dir():
        raise AuditError("the repository is not a folder", path=root)
    return readme_path, root


def git_top(folder: Path, levels: int = 64) -> Path | None:
    """The nearest folder at or above ``folder`` that holds ``.git`` (None if there is none)."""
    folder = folder.resolve()
    for candidate in [folder, *folder.parents][:levels]:
        if (candidate / ".git").exists():
            return candidate
    return None
