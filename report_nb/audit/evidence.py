"""The probes: what a grader opening the files would look for, run over a :class:`RepoIndex`.

Each probe returns the places it found (path and, where it matters, line); none found means
the probe failed. Evidence is content, not names: a test file counts when it holds test
functions, a workflow when it is not entirely commented out, a module when it is imported and
used. Matches on comment lines never count. :func:`judge` turns a rule's probes into the
item's evidence: ``present``, ``absent`` or ``not-checkable``, with paths and one reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from report_nb.audit.prefilter import may_match
from report_nb.audit.repo import RepoIndex
from report_nb.audit.rules import Probe, Rule
from report_nb.core.records import FrozenRecord, Record, set_fields

PRESENT, ABSENT, NOT_CHECKABLE = "present", "absent", "not-checkable"
#: The report's own folder: its notebook's code reads the project's results.
REPORT_FOLDER = "reports/"
_TEST_FILES = ("tests/**/*.py", "test/**/*.py", "**/test_*.py", "**/*_test.py")
_WORKFLOWS = (".github/workflows/*.yml", ".github/workflows/*.yaml")
_TEST_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+(test\w*)[ \t]*\(", re.MULTILINE)
_IMPORT_LINE = re.compile(r"^[ \t]*(?:from|import)[ \t][^\n]*", re.MULTILINE)
_JOBS = re.compile(r"^jobs[ \t]*:", re.MULTILINE)
_REMOTE = re.compile(r"^\s*\[\s*['\"]?remote\s+\"([^\"]+)\"['\"]?\s*\]", re.MULTILINE)
_URL = re.compile(r"^\s*url\s*=\s*(\S+)", re.MULTILINE)
_SHOWN = 3  # paths named in a reason
_SCREEN = 4  # from this many files on, rule files out by their literals first


class Hit(FrozenRecord):
    """Where a probe found something: a path, and a line where it matters."""

    __slots__ = ("line", "path")
    path: str
    line: int | None

    def __init__(self, path: str, line: int | None = None) -> None:
        set_fields(self, path=path, line=line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class Evidence(Record):
    """An item's evidence: ``present``, ``absent`` or ``not-checkable``, with paths and why."""

    __slots__ = ("hits", "reason", "status")
    status: str
    hits: list[Hit]
    reason: str

    def __init__(self, status: str, hits: list[Hit] | None = None, reason: str = "") -> None:
        self.status, self.hits, self.reason = status, [] if hits is None else hits, reason


def judge(rule: Rule | None, index: RepoIndex, ignore: tuple[str, ...] = ()) -> Evidence:
    """Run ``rule``'s probes over ``index`` and say what the files show for the item."""
    if rule is None:
        return Evidence(NOT_CHECKABLE, reason="no audit rule knows this item")
    if rule.not_checkable is not None:
        return Evidence(NOT_CHECKABLE, reason=rule.not_checkable)
    results = [run(probe, index, ignore) for probe in rule.probes]
    found = all(results) if rule.require == "all" else any(results)
    hits = list(dict.fromkeys(h for r in results for h in r))
    shown = ", ".join(str(h) for h in hits[:_SHOWN]) + (" ..." if len(hits) > _SHOWN else "")
    if found and rule.settles != "absence":
        return Evidence(PRESENT, hits, f"{rule.what}: {shown}")
    if found:
        return Evidence(NOT_CHECKABLE, hits, f"{rule.what} ({shown}); the rest files cannot show")
    if rule.settles == "presence":
        return Evidence(NOT_CHECKABLE, hits, f"no {rule.what} found, but files may not show this")
    return Evidence(ABSENT, hits, f"no {rule.what}")


def absent(rule: Rule | None, index: RepoIndex, ignore: tuple[str, ...] = ()) -> bool:
    """Whether :func:`judge` says ``absent``, running only the probes that decide it.

    A rule that settles presence only is never absent; of the others' probes, ``any`` stops at
    the first that finds something and ``all`` at the first that finds nothing.
    """
    if rule is None or rule.not_checkable is not None or rule.settles == "presence":
        return False
    results = (run(probe, index, ignore) for probe in rule.probes)
    return not (all(results) if rule.require == "all" else any(results))


def run(probe: Probe, index: RepoIndex, ignore: tuple[str, ...] = ()) -> list[Hit]:
    """The places one probe finds in the repository (empty: nothing found)."""
    return _PROBES[probe.kind](probe, index, probe.exclude + ignore)


def _files(probe: Probe, index: RepoIndex, exclude: tuple[str, ...]) -> list[Hit]:
    hits: list[Hit] = []
    matched = 0
    for pattern in probe.globs:
        paths = index.glob((pattern,), exclude)
        matched += bool(paths)
        hits.extend(Hit(p) for p in paths)
    return hits if matched >= probe.min else []


def _content(probe: Probe, index: RepoIndex, exclude: tuple[str, ...]) -> list[Hit]:
    source = probe.pattern or "."
    hits = []
    paths = index.glob(probe.globs, exclude)
    screen = len(paths) > _SCREEN  # parsing a pattern for its literals pays off on many files
    for path in paths:
        if screen and not may_match(source, index.lowered(path)):
            continue
        line = _first_active(_regex(source), index.text(path))  # compiled once, when needed
        if line:
            hits.append(Hit(path, line))
    return hits


def _tests(probe: Probe, index: RepoIndex, exclude: tuple[str, ...]) -> list[Hit]:
    about = _regex(probe.about) if probe.about else None
    hits = []
    for path in index.glob(probe.globs or _TEST_FILES, exclude):
        text = index.text(path) or ""
        tests = list(_TEST_DEF.finditer(text))
        if not tests:
            continue
        if about is None:
            hits.append(Hit(path, _line(text, tests[0].start())))
            continue
        named = [t for t in tests if about.search(t.group(1))]
        if named:
            hits.append(Hit(path, _line(text, named[0].start())))
        elif about.search(path) or any(
            about.search(m.group(0)) for m in _IMPORT_LINE.finditer(text)
        ):
            hits.append(Hit(path, _line(text, tests[0].start())))
    return hits


def _workflow(probe: Probe, index: RepoIndex, exclude: tuple[str, ...]) -> list[Hit]:
    runs = [_regex(r) for r in probe.runs]
    hits = []
    for path in index.glob(probe.globs or _WORKFLOWS, exclude):
        text = _uncommented(index.text(path) or "")
        jobs = _JOBS.search(text)
        if jobs is None:
            continue  # empty, or entirely commented out
        found = [r.search(text) for r in runs] or [jobs]
        if all(found):  # every regex of ``runs`` in this one workflow
            hits.append(Hit(path, _line(text, found[0].start())))  # type: ignore[union-attr]
    return hits


def _python_usage(probe: Probe, index: RepoIndex, exclude: tuple[str, ...]) -> list[Hit]:
    module = probe.module or ""
    imports = _imports(module)
    use = _regex(probe.pattern) if probe.pattern else None
    hits = []
    for path in index.glob(probe.globs or ("**/*.py", "**/*.ipynb"), exclude):
        notebook = path.endswith(".ipynb")  # its code cells; a line there would not be the file's
        if notebook and path.startswith(REPORT_FOLDER):
            continue  # the report notebook reads results (W&B curves, costs): no evidence of use
        if not may_match(module, index.lowered(path)):
            continue
        text = index.code(path) or ""
        found = list(imports.finditer(text))
        if not found:
            continue
        body = _uncommented(_IMPORT_LINE.sub("", text))
        names = [_bound_names(m) for m in found]
        if use:
            used = use.search(body) is not None
        else:  # ``from m import (`` over several lines: what it imports is not parsed
            used = any(not n for n in names) or _uses({n for ns in names for n in ns}, body)
        if used:
            hits.append(Hit(path, None if notebook else _line(text, found[0].start())))
    return hits


def _dvc(probe: Probe, index: RepoIndex, exclude: tuple[str, ...]) -> list[Hit]:
    globs = probe.globs or ("**/*.dvc", "dvc.yaml", "**/dvc.yaml")
    return [Hit(p) for p in index.glob(globs, (*exclude, ".dvc/**"))]


def _dvc_remote(probe: Probe, index: RepoIndex, exclude: tuple[str, ...]) -> list[Hit]:
    wanted = _regex(probe.url) if probe.url else None
    hits = []
    for path in index.glob(probe.globs or (".dvc/config",), exclude):
        text = _uncommented(index.text(path) or "")
        for remote in _REMOTE.finditer(text):
            section_end = text.find("[", remote.end())
            url = _URL.search(text, remote.end(), section_end if section_end >= 0 else len(text))
            if url and (wanted is None or wanted.search(url.group(1))):
                hits.append(Hit(path, _line(text, url.start(1))))
    return hits


_PROBES: dict[str, Callable[[Probe, RepoIndex, tuple[str, ...]], list[Hit]]] = {
    "files": _files,
    "content": _content,
    "tests": _tests,
    "workflow": _workflow,
    "python-usage": _python_usage,
    "dvc": _dvc,
    "dvc-remote": _dvc_remote,
}


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=128)
def _imports(module: str) -> re.Pattern[str]:
    """``import M``, ``import M as m``, ``from M(.sub) import a, b as c`` (M a regex)."""
    name = rf"(?:{module})\b(?:\.\w+)*"  # \b: "dash" is not "dashboard"
    return re.compile(
        rf"^[ \t]*(?:import[ \t]+(?P<mod>{name})(?:[ \t]+as[ \t]+(?P<alias>\w+))?"
        rf"|from[ \t]+(?P<pkg>{name})[ \t]+import[ \t]+\(?(?P<names>[^\n)]*))",
        re.MULTILINE,
    )


def _bound_names(match: re.Match[str]) -> list[str]:
    if match.group("mod"):
        return [match.group("alias") or match.group("mod").split(".")[0]]
    names = []
    for part in (match.group("names") or "").split(","):
        words = part.split()
        if words and words[0] != "*":
            names.append(words[-1])
    return names


def _uses(names: set[str], body: str) -> bool:
    if not names:
        return False
    return re.search(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", body) is not None


def _uncommented(text: str) -> str:
    """``text`` with comment-only lines blanked (line numbers kept)."""
    return "\n".join("" if ln.lstrip().startswith("#") else ln for ln in text.split("\n"))


def _first_active(pattern: re.Pattern[str], text: str | None) -> int | None:
    """Line of the first match that does not start on a comment line."""
    if not text:
        return None
    for match in pattern.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if not text[start : match.start() + 1].lstrip().startswith("#"):
            return _line(text, match.start())
    return None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
