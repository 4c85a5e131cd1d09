"""check's checklist line is remembered between runs, in the user's cache, only while it holds.

The count of ticked items without evidence is kept with everything it was computed from (see
:mod:`report_nb.audit.remembered`): any change of evidence, of the ticks or of report-nb's rules
gives a new count, and nothing is ever written into the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_audit import DATA_TEST, make_repo

from report_nb.audit import remembered
from report_nb.audit.rules import RULES_DIR
from report_nb.commands.checking import Folders, check

LINE = "checklist: {} ticked item{} without evidence (run report-nb audit)"


def checklist_line(readme: Path, cache: Path | str) -> str | None:
    """What ``report-nb check`` says about the checklist, with ``cache`` as the cache folder."""
    env = {**os.environ, remembered.CACHE_ENV: str(cache)}
    done = subprocess.run(
        [sys.executable, "-m", "report_nb", "check", str(readme), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = [w["message"] for w in json.loads(done.stdout)["warnings"]]
    return next((m for m in found if m.startswith("checklist:")), None)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose README ticks two items without evidence; returns the README."""
    readme = make_repo(tmp_path / "repo", {"tests/.gitkeep": ""}, {"tests-data": "x", "ci": "x"})
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    return readme


def test_a_second_check_reads_the_count_and_the_repository_is_untouched(
    repo: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    before = files_of(repo.parents[1])
    assert checklist_line(repo, cache) == LINE.format(2, "s")
    (kept,) = cache.iterdir()
    assert kept.read_text(encoding="utf-8").startswith("2\n")
    # the kept count is what a second check says: shown by keeping another one for the same key
    kept.write_text("5\n" + kept.read_text(encoding="utf-8").partition("\n")[2], "utf-8")
    assert checklist_line(repo, cache) == LINE.format(5, "s")
    assert files_of(repo.parents[1]) == before


def test_new_evidence_new_ticks_and_a_broken_cache_each_give_a_new_count(
    repo: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert checklist_line(repo, cache) == LINE.format(2, "s")
    (repo.parents[1] / "tests" / "test_data.py").write_text(DATA_TEST, encoding="utf-8")
    assert checklist_line(repo, cache) == LINE.format(1, "")  # the data tests now exist
    text = repo.read_text(encoding="utf-8")
    repo.write_text(text.replace("* [x] Continuous", "* [ ] Continuous"), encoding="utf-8")
    assert checklist_line(repo, cache) is None  # CI no longer ticked
    (kept,) = cache.iterdir()
    kept.write_bytes(b"\xff\x00 not a count")
    assert checklist_line(repo, cache) is None
    assert kept.read_text(encoding="utf-8").startswith("0\n")  # counted again, kept again


def test_the_answers_are_not_part_of_the_key(repo: Path, tmp_path: Path) -> None:
    # the README changes on every edit; only its checklist items decide the count
    cache = tmp_path / "cache"
    assert checklist_line(repo, cache) == LINE.format(2, "s")
    (kept,) = cache.iterdir()
    kept.write_text("7\n" + kept.read_text(encoding="utf-8").partition("\n")[2], "utf-8")
    text = repo.read_text(encoding="utf-8")
    repo.write_text(text.replace("Answer:\n", "Answer:\n\nOne more sentence.\n", 1), "utf-8")
    assert checklist_line(repo, cache) == LINE.format(7, "s")


def test_no_cache_when_turned_off_or_not_writable(repo: Path, tmp_path: Path) -> None:
    assert checklist_line(repo, "") == LINE.format(2, "s")  # REPORT_NB_CACHE_DIR="": off
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert checklist_line(repo, blocked / "cache") == LINE.format(2, "s")
    assert blocked.read_text(encoding="utf-8") == "not a folder"
    # the library keeps nothing unless its caller names a cache folder
    result = check(repo, folders=Folders())
    assert LINE.format(2, "s") in [w.message for w in result.warnings]


def test_the_key_names_what_the_count_depends_on(repo: Path) -> None:
    from report_nb.audit.checklist import read_items
    from report_nb.audit.walk import Walk

    root = str(repo.parents[1])
    items = read_items(repo.read_text(encoding="utf-8"))
    key = remembered.key(Walk(root), items, "reports/README.md")
    assert str(RULES_DIR) == remembered.RULES_FOLDER
    assert "rules 2025.json " in key and "'tests/.gitkeep'" in key
    assert "'reports/README.md'" not in key  # its answers are no evidence
    assert f"item {items[0].line} 'x' {items[0].text!r}" in key


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({remembered.CACHE_ENV: "/x"}, "/x"),
        ({remembered.CACHE_ENV: ""}, None),
        ({"XDG_CACHE_HOME": "/c"}, "/c/report-nb"),
        ({}, "/home/s/.cache/report-nb"),
    ],
)
def test_the_cache_folder(env: dict[str, str], expected: str | None) -> None:
    assert remembered.cache_folder(env, "/home/s") == expected
