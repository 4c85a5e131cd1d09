"""The rule format's semantics, with rules written here: settles, any/all, probes' options.

Each test writes a small rules folder (as course staff would), a repository and a README, and
checks the verdict the rule format promises in the README's "Adding or changing a rule".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from report_nb.audit.rules import RulesError, best, load, validate
from report_nb.commands.auditing import AuditResult, audit, locate
from report_nb.errors import AuditError

from builders import make_report, passing

OLD_CHECKLIST = "* [x] Set up a repository for the team (M5)\n"


def scenario(tmp_path: Path, rules: list[dict], files: dict[str, str], items: str) -> AuditResult:
    """Audit ``items`` (checklist lines) in a repository of ``files`` with ``rules`` only."""
    folder = tmp_path / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2099.json").write_text(json.dumps({"rules": rules}), encoding="utf-8")
    repo = tmp_path / "repo"
    for name, content in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(content, encoding="utf-8")
    text = make_report(fill=passing)
    start = text.index(OLD_CHECKLIST)
    end = text.index("\n\n", start)
    readme = repo / "reports" / "README.md"
    readme.parent.mkdir(parents=True, exist_ok=True)
    readme.write_text(text[:start] + items + text[end:], encoding="utf-8")
    return audit(readme, repo, rules=folder)


def rule(probes: list[dict], settles: str = "both", require: str = "any") -> dict:
    return {"id": "r", "match": "widget", "what": "widget", "settles": settles, require: probes}


WIDGET = [{"probe": "files", "globs": ["**/*.widget"]}]


def _notebook(kind: str, source: str | list[str]) -> str:
    """A .ipynb with one cell of ``kind``, as Jupyter writes it."""
    cell = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize(
    ("settles", "files", "expected"),
    [
        ("both", {"a.widget": ""}, "present"),
        ("both", {}, "absent"),
        ("presence", {"a.widget": ""}, "present"),
        ("presence", {}, "not-checkable"),
        ("absence", {"a.widget": ""}, "not-checkable"),
        ("absence", {}, "absent"),
    ],
)
def test_settles(tmp_path: Path, settles: str, files: dict[str, str], expected: str) -> None:
    result = scenario(tmp_path, [rule(WIDGET, settles)], files, "* [x] a widget\n")
    (item,) = result.items
    assert item.evidence == expected
    assert (item.verdict == "warning") is (expected == "absent")


def test_any_and_all(tmp_path: Path) -> None:
    probes = [
        {"probe": "files", "globs": ["**/*.widget"]},
        {"probe": "files", "globs": ["**/*.gadget"]},
    ]
    one = {"x/a.widget": ""}
    assert scenario(tmp_path / "1", [rule(probes)], one, "* [x] widget\n").items[0].evidence == (
        "present"
    )
    assert (
        scenario(tmp_path / "2", [rule(probes, require="all")], one, "* [x] widget\n")
        .items[0]
        .evidence
        == "absent"
    )
    both = {"x/a.widget": "", "y/b.gadget": ""}
    result = scenario(tmp_path / "3", [rule(probes, require="all")], both, "* [x] widget\n")
    assert result.items[0].paths == ["x/a.widget", "y/b.gadget"]


def test_files_min_and_exclude(tmp_path: Path) -> None:
    probe = {"probe": "files", "globs": ["src/**", "tests/**", "docs/**"], "min": 2}
    files = {"src/a.py": "", "docs/index.md": ""}
    assert (
        scenario(tmp_path / "1", [rule([probe])], files, "* [x] widget\n").items[0].evidence
        == "present"
    )
    assert (
        scenario(tmp_path / "2", [rule([probe])], {"src/a.py": ""}, "* [x] widget\n")
        .items[0]
        .evidence
        == "absent"
    )
    probe = {"probe": "files", "globs": ["**/*.widget"], "exclude": ["vendor/**"]}
    files = {"vendor/a.widget": ""}
    assert (
        scenario(tmp_path / "3", [rule([probe])], files, "* [x] widget\n").items[0].evidence
        == "absent"
    )


@pytest.mark.parametrize(
    ("probe", "files", "expected"),
    [
        ({"probe": "content", "globs": ["**/*.py"], "pattern": "^spin\\("},
         {"a.py": "x = 1\nspin()\n"}, "a.py:2"),
        ({"probe": "content", "globs": ["**/*.py"], "pattern": "spin\\("},
         {"a.py": "# spin()\n"}, None),
        ({"probe": "python-usage", "module": "widgets"},
         {"a.py": "from widgets import (\n    spin,\n)\n"}, "a.py:1"),
        ({"probe": "python-usage", "module": "widgets"},
         {"a.py": "from widgets import spin, turn as t\n\nt()\n"}, "a.py:1"),
        ({"probe": "python-usage", "module": "widgets"},
         {"a.py": "import widgets.core as wc\n\nprint(1)\n"}, None),
        ({"probe": "python-usage", "module": "widgets", "pattern": "@widgets\\.main"},
         {"a.py": "import widgets\n\nwidgets.other()\n"}, None),
        ({"probe": "python-usage", "module": "widgets"},
         {"nb/try.ipynb": _notebook("code", ["import widgets\n", "widgets.spin()\n"])},
         "nb/try.ipynb"),
        ({"probe": "python-usage", "module": "widgets"},
         {"nb/try.ipynb": _notebook("markdown", "import widgets\nwidgets.spin()\n")}, None),
        ({"probe": "python-usage", "module": "widgets"},
         {"reports/report.ipynb": _notebook("code", "import widgets\nwidgets.spin()\n")}, None),
        ({"probe": "python-usage", "module": "widgets"}, {"nb/broken.ipynb": "{not json"}, None),
        ({"probe": "workflow", "runs": ["spin", "turn"]},
         {".github/workflows/a.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: spin\n",
          ".github/workflows/b.yml": "on: push\njobs:\n  b:\n    steps:\n      - run: turn\n"},
         None),
        ({"probe": "workflow", "runs": ["spin", "turn"]},
         {".github/workflows/a.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: spin turn\n"},
         ".github/workflows/a.yml:5"),
        ({"probe": "tests", "about": "widget"},
         {"tests/test_a.py": "from pkg.widget import w\n\n\ndef test_w():\n    assert w\n"},
         "tests/test_a.py:4"),
        ({"probe": "tests", "about": "widget"},
         {"tests/test_a.py": "def test_gadget():\n    pass\n"}, None),
        ({"probe": "dvc"}, {"data/raw.dvc": "outs: []\n", ".dvc/x.dvc": ""}, "data/raw.dvc"),
        ({"probe": "dvc-remote", "url": "^s3://"},
         {".dvc/config": "[core]\n['remote \"a\"']\n    url = s3://b\n"}, ".dvc/config:3"),
        ({"probe": "dvc-remote"},
         {".dvc/config": "[core]\n    remote = a\n#['remote \"a\"']\n#    url = s3://b\n"}, None),
    ],
)  # fmt: skip
def test_probe_options(
    tmp_path: Path, probe: dict, files: dict[str, str], expected: str | None
) -> None:
    (item,) = scenario(tmp_path, [rule([probe])], files, "* [x] widget\n").items
    if expected is None:
        assert item.evidence == "absent"
    else:
        assert item.evidence == "present"
        assert item.reason == f"widget: {expected}"


def test_first_matching_rule_wins_and_unknown_items(tmp_path: Path) -> None:
    rules: list[dict] = [
        {"id": "first", "match": "widget", "not_checkable": "first says so"},
        {"id": "second", "match": "widget", "what": "x", "any": WIDGET},
    ]
    result = scenario(tmp_path, rules, {}, "* [x] a widget\n* [x] a gadget\n")
    widget, gadget = result.items
    assert (widget.rule, widget.evidence, widget.reason) == (
        "first",
        "not-checkable",
        "first says so",
    )
    assert (gadget.rule, gadget.reason) == (None, "no audit rule knows this item")
    assert result.ok


def test_the_generation_matching_most_items_is_used(tmp_path: Path) -> None:
    for name, match in (("2001.json", "alpha"), ("2002.json", "beta|gamma")):
        rules = [{"id": name, "match": match, "not_checkable": name}]
        (tmp_path / name).write_text(json.dumps({"generation": name[:4], "rules": rules}), "utf-8")
    chosen = [best(texts, tmp_path) for texts in (["alpha", "beta", "gamma"], ["alpha"], ["delta"])]
    assert [c.generation if c else None for c in chosen] == ["2002", "2001", "2002"]  # tie: newest


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"id": "r", "match": "(", "not_checkable": "x"}, "rule r: bad or missing 'match'"),
        ({"id": "r", "match": "x", "any": WIDGET}, "rule r: needs 'what'"),
        ({"id": "r", "match": "x", "what": "y", "settles": "maybe", "any": WIDGET}, "needs 'what'"),
        ({"id": "r", "match": "x", "what": "y", "any": [{"probe": "magic"}]}, "unknown probe"),
    ],
)
def test_bad_rules(tmp_path: Path, raw: dict, message: str) -> None:
    path = tmp_path / "2099.json"
    path.write_text(json.dumps({"rules": [raw]}), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load(path)


def test_a_bad_probe_regex_is_found_by_validate_and_at_use(tmp_path: Path) -> None:
    probe = {"probe": "content", "globs": ["**/*.py"], "pattern": "spin("}
    path = tmp_path / "rules" / "2099.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"rules": [rule([probe])]}), encoding="utf-8")
    with pytest.raises(RulesError, match="rule r: bad regex 'spin\\('"):
        validate(load(path))
    with pytest.raises(RulesError, match="rule r: bad regex"):
        scenario(tmp_path, [rule([probe])], {"a.py": "spin()\n"}, "* [x] widget\n")


def test_locate(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    (repo / "reports" / "README.md").write_text("x", encoding="utf-8")
    assert locate(repo / "reports" / "README.md", None, tmp_path)[1] == repo  # the grandparent
    (tmp_path / ".git").mkdir()
    assert locate(repo / "reports" / "README.md", None, tmp_path)[1] == tmp_path  # git's top
    with pytest.raises(AuditError, match=r"none at reports/README\.md"):
        locate(None, None, repo / "reports")  # git's top has no reports/README.md
    (repo / ".git").mkdir()
    assert locate(None, None, repo / "reports") == (repo / "reports" / "README.md", repo)
    assert locate(None, tmp_path, repo)[1] == tmp_path  # --repo wins


def test_a_notebooks_code_and_its_text_are_read_apart(tmp_path: Path) -> None:
    """A content probe may read a notebook's text (its JSON) before a usage probe reads its code
    cells: each gets its own."""
    from report_nb.audit.repo import RepoIndex

    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "try.ipynb").write_text(_notebook("code", "import widgets\n"))
    index = RepoIndex(tmp_path)
    assert '"cell_type": "code"' in (index.text("nb/try.ipynb") or "")
    assert index.code("nb/try.ipynb") == "import widgets\n"
