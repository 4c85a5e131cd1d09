"""The audit's rules as data: one JSON file per template generation, matched to items by text.

A rule says which items it covers (``match``, a regex searched in the item's text, case
ignored), what a grader looks for (``what``, used in the reasons), and how to look: probes from a
small fixed vocabulary (:data:`PROBE_KINDS`), combined with ``any`` (one suffices) or ``all``.
``settles`` says what the files can show: ``both`` (present or absent), ``presence`` (found
means present; not found is ``not-checkable``: the work may leave no file) or ``absence`` (not
found means absent; found is ``not-checkable``: the files are needed, not sufficient). A rule
with ``"not_checkable": "why"`` covers items that files cannot show. The README's section
"Holding the checklist against the repository" documents the format for course staff.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from report_nb.core.records import FrozenRecord, set_fields
from report_nb.errors import ReportNbError

RULES_DIR = Path(__file__).resolve().parent / "rules"
PROBE_KINDS = frozenset(
    {"files", "content", "tests", "workflow", "python-usage", "dvc", "dvc-remote"}
)
SETTLES = frozenset({"both", "presence", "absence"})


class RulesError(ReportNbError):
    """A rules file that cannot be used: not JSON, an unknown probe, a bad regex."""


class Probe(FrozenRecord):
    """One look at the repository (see :mod:`report_nb.audit.evidence` for each kind)."""

    kind: str
    globs: tuple[str, ...]
    exclude: tuple[str, ...]
    pattern: str | None
    module: str | None
    about: str | None
    runs: tuple[str, ...]
    url: str | None
    min: int

    def __init__(
        self,
        kind: str,
        globs: tuple[str, ...] = (),
        exclude: tuple[str, ...] = (),
        pattern: str | None = None,
        module: str | None = None,
        about: str | None = None,
        runs: tuple[str, ...] = (),
        url: str | None = None,
        min: int = 1,
    ) -> None:
        set_fields(
            self,
            kind=kind,
            globs=globs,
            exclude=exclude,
            pattern=pattern,
            module=module,
            about=about,
            runs=runs,
            url=url,
            min=min,
        )


class Rule(FrozenRecord):
    """Which items a rule covers, what a grader looks for, and the probes that look."""

    id: str
    match: re.Pattern[str]
    what: str
    probes: tuple[Probe, ...]
    require: str
    settles: str
    not_checkable: str | None

    def __init__(
        self,
        id: str,
        match: re.Pattern[str],
        what: str,
        probes: tuple[Probe, ...] = (),
        require: str = "any",
        settles: str = "both",
        not_checkable: str | None = None,
    ) -> None:
        set_fields(
            self,
            id=id,
            match=match,
            what=what,
            probes=probes,
            require=require,
            settles=settles,
            not_checkable=not_checkable,
        )


class RuleSet(FrozenRecord):
    """The rules of one template generation, with the folders' paths no probe counts."""

    generation: str
    path: Path
    rules: tuple[Rule, ...]
    ignore: tuple[str, ...]

    def __init__(
        self, generation: str, path: Path, rules: tuple[Rule, ...], ignore: tuple[str, ...] = ()
    ) -> None:
        set_fields(self, generation=generation, path=path, rules=rules, ignore=ignore)

    def rule_for(self, text: str) -> Rule | None:
        """The first rule whose ``match`` is found in the item's text."""
        return next((r for r in self.rules if r.match.search(text)), None)


@lru_cache(maxsize=16)
def load(path: Path) -> RuleSet:
    """Read and check one rules file; raise :class:`RulesError` naming the file and rule."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RulesError(f"cannot read the audit rules: {error}", path=path) from None
    rules = tuple(_rule(raw, path, n) for n, raw in enumerate(data.get("rules", []), 1))
    ignore = tuple(data.get("ignore", ()))
    return RuleSet(str(data.get("generation", path.stem)), path, rules, ignore)


def generations(folder: Path = RULES_DIR) -> tuple[RuleSet, ...]:
    """Every rules file in ``folder``, oldest generation first."""
    return tuple(load(p) for p in sorted(folder.glob("*.json")))


def best(texts: list[str], folder: Path = RULES_DIR) -> RuleSet | None:
    """The generation whose rules match the most items (the newest on a tie)."""
    scored = [(sum(rs.rule_for(t) is not None for t in texts), rs) for rs in generations(folder)]
    if not scored:
        return None
    return max(reversed(scored), key=lambda pair: pair[0])[1]  # max keeps the first of ties


def _rule(raw: dict, path: Path, number: int) -> Rule:
    rule_id = str(raw.get("id", f"#{number}"))

    def fail(message: str) -> RulesError:
        return RulesError(f"rule {rule_id}: {message}", path=path)

    try:
        match = re.compile(raw["match"], re.IGNORECASE)
    except (KeyError, re.error) as error:
        raise fail(f"bad or missing 'match': {error}") from None
    if "not_checkable" in raw:
        return Rule(rule_id, match, str(raw.get("what", "")), not_checkable=raw["not_checkable"])
    require = "all" if "all" in raw else "any"
    probes = tuple(_probe(p, fail) for p in raw.get(require, ()))
    settles = raw.get("settles", "both")
    if not probes or "what" not in raw or settles not in SETTLES:
        raise fail(
            "needs 'what', probes in 'any' or 'all', and 'settles' in " + str(sorted(SETTLES))
        )
    return Rule(rule_id, match, raw["what"], probes, require, settles)


def _probe(raw: dict, fail: Callable[[str], RulesError]) -> Probe:
    kind = raw.get("probe")
    if kind not in PROBE_KINDS:
        raise fail(f"unknown probe {kind!r}; known: {', '.join(sorted(PROBE_KINDS))}")
    runs = raw.get("runs", ())
    runs = (runs,) if isinstance(runs, str) else tuple(runs)
    return Probe(
        kind=kind,
        globs=tuple(raw.get("globs", ())),
        exclude=tuple(raw.get("exclude", ())),
        pattern=raw.get("pattern"),
        module=raw.get("module"),
        about=raw.get("about"),
        runs=runs,
        url=raw.get("url"),
        min=int(raw.get("min", 1)),
    )


def validate(ruleset: RuleSet) -> None:
    """Compile every regex of every probe; raise :class:`RulesError` naming the rule.

    Loading compiles only the rules' ``match``; a probe's regexes are compiled when an item
    needs them, so that ``check`` pays for the few it uses. The test suite (and a course
    adding a rule) runs this over every rules file.
    """
    for rule in ruleset.rules:
        for probe in rule.probes:
            texts = [probe.pattern, probe.module, probe.about, probe.url, *probe.runs]
            for text in filter(None, texts):
                try:
                    re.compile(text)
                except re.error as error:
                    message = f"rule {rule.id}: bad regex {text!r}: {error}"
                    raise RulesError(message, path=ruleset.path) from None
