"""Two teammates, two clones, one bare origin (real git): a pull never conflicts in report-nb's
files once ``report-nb config-git`` ran, and the next build writes both teammates' edits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report_nb.cli import main
from report_nb.core.template import parse

from group import add_to_readme, add_to_text, git_env, resolve_conflicts
from projects import make_project, write_pair

NO_HTML = ["--no-execute", "-q", "--no-html", "--no-strict"]
GITIGNORE = "reports/report.ipynb\nreports/report.html\n.ipynb_checkpoints/\n"


def git(clone: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=clone,
        env=git_env(clone.parent),
        check=check,
        capture_output=True,
        text=True,
    )


def report_nb(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line, as a teammate runs it in the clone (a real process: git calls it too)."""
    return subprocess.run(
        [sys.executable, "-m", "report_nb", *args],
        cwd=clone,
        env=git_env(clone.parent),
        capture_output=True,
        text=True,
        check=False,
    )


def group(tmp_path: Path, configured: bool) -> tuple[Path, Path]:
    """A bare origin holding a built report in the committed layout, and two clones of it."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    alice = tmp_path / "alice"
    git(tmp_path, "clone", "-q", str(origin), str(alice))
    nb_path = make_project(alice)
    assert main(["build", *NO_HTML, str(nb_path)]) == 0
    (alice / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    if configured:
        done = report_nb(alice, "config-git")
        assert done.returncode == 0, done.stderr
    git(alice, "add", "-A")
    git(alice, "commit", "-qm", "report")
    git(alice, "push", "-q", "origin", "main")
    bob = tmp_path / "bob"
    git(tmp_path, "clone", "-q", str(origin), str(bob))
    for clone in (alice, bob):
        git(clone, "config", "pull.rebase", "false")
        if configured:
            assert report_nb(clone, "config-git").returncode == 0
    assert not (bob / "reports" / "report.ipynb").exists()
    return alice, bob


def teammate_builds(clone: Path, question: int, sentence: str) -> None:
    add_to_text(clone / "reports" / "report.md", question, sentence)
    done = report_nb(clone, "build", *NO_HTML, "reports/report.md")
    assert done.returncode == 0, done.stderr
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", f"question {question}")


@pytest.mark.parametrize("how", ["--no-rebase", "--rebase"])
def test_a_pull_of_a_teammates_build_merges_and_the_next_build_has_both(
    tmp_path: Path, how: str
) -> None:
    alice, bob = group(tmp_path, configured=True)
    teammate_builds(alice, 5, "Alice wrote about question five.")
    git(alice, "push", "-q", "origin", "main")
    teammate_builds(bob, 9, "Bob wrote about question nine.")
    pulled = git(bob, "pull", "-q", how, "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    for name in ("README.md", "report.md", ".report-nb/state.json"):
        text = (bob / "reports" / name).read_text(encoding="utf-8")
        assert "<<<<<<<" not in text and ">>>>>>>" not in text, name
    json.loads((bob / "reports" / ".report-nb" / "state.json").read_text(encoding="utf-8"))

    done = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert done.returncode == 0, done.stderr
    readme = (bob / "reports" / "README.md").read_text(encoding="utf-8")
    assert "Alice wrote about question five." in readme
    assert "Bob wrote about question nine." in readme
    # and Bob's push lets Alice pull without a conflict either
    git(bob, "add", "-A")
    git(bob, "commit", "-qm", "built after the pull")
    git(bob, "push", "-q", "origin", "main")
    assert git(alice, "pull", "-q", "origin", "main", check=False).returncode == 0
    done = report_nb(alice, "build", *NO_HTML, "reports/report.md")
    assert done.returncode == 0, done.stderr
    assert "Bob wrote about question nine." in (alice / "reports" / "README.md").read_text(
        encoding="utf-8"
    )


def test_a_readme_edit_on_github_and_a_build_merge_through_the_driver(tmp_path: Path) -> None:
    """Carol edits README.md in the web editor (question 2); Bob builds question 9 and pulls."""
    alice, bob = group(tmp_path, configured=True)
    add_to_readme(alice / "reports" / "README.md", 2, "Carol typed this on GitHub.")
    git(alice, "commit", "-qam", "web edit")
    git(alice, "push", "-q", "origin", "main")
    teammate_builds(bob, 9, "Bob wrote about question nine.")
    pulled = git(bob, "pull", "-q", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    readme = bob / "reports" / "README.md"
    assert "Carol typed this on GitHub." in readme.read_text(encoding="utf-8")
    done = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert done.returncode == 2 and "question 2" in done.stderr, done.stderr
    command = done.stderr.split("'report-nb ")[1].split("'")[0].split()
    assert report_nb(bob, *command).returncode == 0
    assert report_nb(bob, "build", *NO_HTML, "reports/report.md").returncode == 0
    text = readme.read_text(encoding="utf-8")
    assert "Carol typed this on GitHub." in text and "Bob wrote about question nine." in text


def test_without_the_drivers_state_json_conflicts(tmp_path: Path) -> None:
    """Why config-git exists: git's line merge cannot merge two builds' records."""
    alice, bob = group(tmp_path, configured=False)
    teammate_builds(alice, 5, "Alice wrote about question five.")
    git(alice, "push", "-q", "origin", "main")
    teammate_builds(bob, 9, "Bob wrote about question nine.")
    pulled = git(bob, "pull", "-q", "origin", "main", check=False)
    assert pulled.returncode != 0
    assert "state.json" in pulled.stdout + pulled.stderr


def test_config_git_is_idempotent_and_refuses_outside_a_repository(tmp_path: Path) -> None:
    alice, _ = group(tmp_path, configured=True)
    before = (alice / ".gitattributes").read_text(encoding="utf-8")
    assert report_nb(alice, "config-git").returncode == 0
    assert (alice / ".gitattributes").read_text(encoding="utf-8") == before
    assert "/reports/README.md merge=report-nb-readme" in before
    driver = git(alice, "config", "merge.report-nb-state.driver").stdout
    assert driver.startswith(sys.executable) and "merge-driver state %O %A %B %P" in driver
    outside = tmp_path / "plain"
    outside.mkdir()
    done = report_nb(outside, "config-git")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert shutil.which("git")


def _three(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[Path, Path, Path]:
    paths = tuple(tmp_path / name for name in ("O.md", "A.md", "B.md"))
    for path, text in zip(paths, (base, ours, theirs), strict=True):
        path.write_bytes(text.encode("utf-8"))  # line endings as given, on any platform
    return paths  # type: ignore[return-value]


def test_the_readme_driver_merges_answers_and_leaves_real_conflicts_to_git(
    tmp_path: Path,
) -> None:
    from report_nb.commands.gitmerge import merge_readme_files

    from builders import make_report, passing

    text = make_report(fill=passing)
    ours = text.replace("Group 1\n", "Group 1, by Alice.\n")
    theirs = text.replace("Group 2\n", "Group 2, by Bob.\n")
    o, a, b = _three(tmp_path, text, ours, theirs)
    assert merge_readme_files(o, a, b) == 0
    merged = a.read_text(encoding="utf-8")
    assert "Group 1, by Alice." in merged and "Group 2, by Bob." in merged
    assert merged == text.replace("Group 1\n", "Group 1, by Alice.\n").replace(
        "Group 2\n", "Group 2, by Bob.\n"
    )
    o, a, b = _three(tmp_path, text, ours, text.replace("Group 1\n", "Group 1, by Bob.\n"))
    assert merge_readme_files(o, a, b) == 1  # the same answer, two ways: git's conflict
    merged = a.read_text(encoding="utf-8")
    # both texts, inside that answer only: the README is still the course's template
    from report_nb.core.check import CONFLICT, check_text

    result = check_text(merged, "README.md")
    failing = [q for q in result.questions if not q.ok]
    assert [q.problems for q in failing] == [[CONFLICT]]
    answer = next(q for q in parse(merged, "README.md").questions if q.number == failing[0].number)
    assert "Group 1, by Alice." in answer.answer.text and "Group 1, by Bob." in answer.answer.text
    assert answer.answer.text.count("<<<<<<<") == 1
    assert merged.count("<<<<<<<") == 1


def test_the_readme_driver_merges_different_lines_of_one_answer(tmp_path: Path) -> None:
    from report_nb.commands.gitmerge import merge_readme_files

    from builders import make_report, words

    text = make_report(fill=lambda q, limits: "First line.\n\n" + words(120) + "\n\nLast line.")
    ours = text.replace("First line.", "First line, by Alice.", 1)
    theirs = text.replace("Last line.", "Last line, by Bob.", 1)
    o, a, b = _three(tmp_path, text, ours, theirs)
    assert merge_readme_files(o, a, b) == 0  # git's line merge inside the answer: no conflict
    merged = a.read_text(encoding="utf-8")
    assert merged == ours.replace("Last line.", "Last line, by Bob.", 1)


def test_the_readme_driver_keeps_an_answer_typed_on_the_marker_line(tmp_path: Path) -> None:
    # "> Answer: Group 1" changes only the whitespace between the prompt and its answer: the
    # driver took the whitespace of one side for every block, and moved Alice's answer down a
    # paragraph as Bob's edit merged in (found by merging mutated reports)
    from report_nb.commands.gitmerge import merge_readme_files

    from builders import make_report, passing

    text = make_report(fill=passing)
    ours = text.replace("> Answer:\n\nGroup 1\n", "> Answer: Group 1\n", 1)
    theirs = text.replace("Group 2\n", "Group 2, by Bob.\n", 1)
    for first, second in ((ours, theirs), (theirs, ours)):
        o, a, b = _three(tmp_path, text, first, second)
        assert merge_readme_files(o, a, b) == 0
        merged = a.read_text(encoding="utf-8")
        assert merged == ours.replace("Group 2\n", "Group 2, by Bob.\n", 1)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_the_readme_driver_keeps_each_lines_ending_in_a_line_merged_answer(
    tmp_path: Path, newline: str
) -> None:
    # one line of the answer ends otherwise than the file (a paste from another editor): the
    # line merge inside the answer gave it the file's ending, a change nobody typed
    from report_nb.commands.gitmerge import merge_readme_files

    from builders import make_report, words

    odd = "\n" if newline == "\r\n" else "\r\n"
    answer = "First line.\n\n" + words(120) + "\nPasted line." + odd + "\nLast line."
    text = make_report(fill=lambda q, limits: answer).replace("\n", newline)
    text = text.replace("Pasted line." + newline, "Pasted line." + odd)
    ours = text.replace("First line.", "First line, by Alice.", 1)
    theirs = text.replace("Last line.", "Last line, by Bob.", 1)
    paths = _three(tmp_path, text, ours, theirs)
    assert merge_readme_files(*paths) == 0
    assert paths[1].read_bytes().decode("utf-8") == ours.replace(
        "Last line.", "Last line, by Bob.", 1
    )


def test_the_readme_driver_keeps_both_texts_with_their_endings_in_a_crlf_file(
    tmp_path: Path,
) -> None:
    from report_nb.commands.gitmerge import merge_readme_files

    from builders import make_report, words

    answer = "First line.\n\n" + words(120)
    text = make_report(fill=lambda q, limits: answer).replace("\n", "\r\n")
    ours = text.replace("First line.", "First line, by Alice.", 1)
    theirs = text.replace("First line.", "First line, by Bob.", 1)
    paths = _three(tmp_path, text, ours, theirs)
    assert merge_readme_files(*paths) == 1
    merged = paths[1].read_bytes().decode("utf-8")
    assert "First line, by Alice.\r\n" in merged and "First line, by Bob.\r\n" in merged
    assert parse(merged, "README.md").newline == "\r\n"
    assert "\r\r" not in merged


def test_the_state_driver_keeps_agreed_hashes_and_drops_disputed_ones() -> None:
    from report_nb.commands.gitmerge import merge_states

    h = {name: name[0] * 64 for name in ("aaa", "bbb", "ccc", "ddd", "eee")}
    base = {
        "files": {"README.md": h["aaa"], "figures/q1.png": h["bbb"]},
        "figures": ["figures/q1.png"],
    }
    ours = {"files": {"README.md": h["ccc"], "figures/q1.png": h["bbb"]}, "merge": {"based": ""}}
    theirs = {
        "files": {"README.md": h["ddd"], "figures/q1.png": h["eee"], "figures/q2.png": h["aaa"]},
        "figures": ["figures/q1.png", "figures/q2.png"],
    }
    merged = merge_states(base, ours, theirs)
    assert "README.md" not in merged["files"]  # both builds wrote it: nobody's version now
    assert merged["files"]["figures/q1.png"] == h["eee"]  # only theirs changed it
    assert merged["files"]["figures/q2.png"] == h["aaa"]
    assert merged["figures"] == ["figures/q1.png", "figures/q2.png"]
    assert merged["merge"] == {"based": ""}  # the local copies' record stays ours


def test_an_old_tab_edit_in_report_ipynb_survives_a_pull_of_report_md(tmp_path: Path) -> None:
    """Bob's report.ipynb (an old JupyterLab tab) holds question 4; the pull changes report.md:
    both halves changed since report-nb last read them, and the build merges them."""
    alice, bob = group(tmp_path, configured=True)
    # Bob's clone gets a report.ipynb the way JupyterLab makes one: from report.md
    assert report_nb(bob, "build", *NO_HTML, "reports/report.md").returncode == 0
    from report_nb.notebook.pairing import read_notebook

    nb, nb_path = read_notebook(bob / "reports" / "report.md")
    write_pair(nb, nb_path, force=True)
    assert report_nb(bob, "build", *NO_HTML, "reports/report.md").returncode == 0
    teammate_builds(alice, 5, "Alice wrote about question five.")
    git(alice, "push", "-q", "origin", "main")
    from group import add_to_ipynb

    add_to_ipynb(bob / "reports" / "report.ipynb", 4, "Bob typed this in an old tab.")
    git(bob, "add", "-A")
    git(bob, "commit", "-qm", "bob", check=False)  # report.ipynb is not committed: maybe nothing
    assert git(bob, "pull", "-q", "origin", "main", check=False).returncode == 0
    done = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert done.returncode == 0, done.stderr
    readme = (bob / "reports" / "README.md").read_text(encoding="utf-8")
    assert "Bob typed this in an old tab." in readme
    assert "Alice wrote about question five." in readme


def _same_answer_pulled(tmp_path: Path, *, rebase: bool) -> Path:
    """Alice and Bob both change question 5's first line (in report.md, then build); Bob pulls."""
    alice, bob = group(tmp_path, configured=True)
    teammate_builds(alice, 5, "Alice wrote about question five.")
    git(alice, "push", "-q", "origin", "main")
    teammate_builds(bob, 5, "Bob wrote about question five too.")
    pulled = git(
        bob, "pull", "--rebase" if rebase else "--no-rebase", "origin", "main", check=False
    )
    assert pulled.returncode != 0  # a real conflict: git stops and says so
    return bob


ALICE, BOB = "Alice wrote about question five.", "Bob wrote about question five too."


def test_the_same_answer_changed_by_both_keeps_both_texts_inside_that_answer(
    tmp_path: Path,
) -> None:
    bob = _same_answer_pulled(tmp_path, rebase=False)
    reports = bob / "reports"
    readme = (reports / "README.md").read_text(encoding="utf-8")
    assert ALICE in readme and BOB in readme
    assert readme.count("<<<<<<<") == 1  # only around question 5's first line
    json.loads((reports / ".report-nb" / "state.json").read_text(encoding="utf-8"))

    checked = report_nb(bob, "check", "reports/README.md")
    assert checked.returncode == 1 and "question 5: two teammates' texts" in checked.stdout
    marker = readme.split("\n").index(next(x for x in readme.split("\n") if x[:7] == "<" * 7))
    assert f"README.md:{marker + 1}: question 5" in checked.stdout

    built = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert built.returncode == 2 and len(built.stderr.strip().splitlines()) == 1
    text = (reports / "report.md").read_text(encoding="utf-8").split("\n")
    line = next(i for i, x in enumerate(text) if x.startswith("<<<<<<<")) + 1
    assert f"reports/report.md:{line}: question 5: holds both teammates' texts" in built.stderr
    assert "then run 'report-nb build reports/report.md'" in built.stderr
    assert (reports / "README.md").read_text(encoding="utf-8") == readme  # nothing written

    resolve_conflicts(reports / "report.md", keep=(ALICE, BOB))  # the group keeps both sentences
    built = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert built.returncode == 0, built.stderr
    readme = (reports / "README.md").read_text(encoding="utf-8")
    assert ALICE in readme and BOB in readme and "<<<<<<<" not in readme
    git(bob, "add", "-A")
    git(bob, "commit", "-qm", "merged question 5")
    assert report_nb(bob, "check", "reports/README.md").returncode == 0


def test_a_resolution_that_drops_a_teammates_line_names_it_in_the_readme(
    tmp_path: Path,
) -> None:
    bob = _same_answer_pulled(tmp_path, rebase=False)
    reports = bob / "reports"
    resolve_conflicts(reports / "report.md", keep=(BOB,))  # Bob keeps his own sentence only
    built = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert built.returncode == 2, built.stderr
    readme = (reports / "README.md").read_text(encoding="utf-8").split("\n")
    line = readme.index(ALICE) + 1
    assert f"README.md:{line}: question 5: holds both teammates' texts" in built.stderr
    assert "delete it from README.md, then run 'report-nb build reports/report.md'" in built.stderr
    resolve_conflicts(reports / "README.md", keep=(BOB,))  # the one step the message names
    built = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert built.returncode == 0, built.stderr
    assert ALICE not in (reports / "README.md").read_text(encoding="utf-8")


def test_the_same_answer_under_git_pull_rebase_stops_with_both_texts(tmp_path: Path) -> None:
    bob = _same_answer_pulled(tmp_path, rebase=True)
    reports = bob / "reports"
    readme = (reports / "README.md").read_text(encoding="utf-8")
    assert ALICE in readme and BOB in readme and readme.count("<<<<<<<") == 1
    resolve_conflicts(reports / "report.md", keep=(ALICE, BOB))
    built = report_nb(bob, "build", *NO_HTML, "reports/report.md")
    assert built.returncode == 0, built.stderr
    git(bob, "add", "-A")
    env_editor = git(bob, "-c", "core.editor=true", "rebase", "--continue", check=False)
    assert env_editor.returncode == 0, env_editor.stdout + env_editor.stderr
    readme = (reports / "README.md").read_text(encoding="utf-8")
    assert ALICE in readme and BOB in readme and "<<<<<<<" not in readme


def test_a_fast_forward_pull_does_not_bring_a_teammates_pair_record(tmp_path: Path) -> None:
    """What the pair held when report-nb last saw it is this clone's, never committed: Bob's
    build (no report.ipynb in his clone) fast-forwarded into Alice's clone must not make her
    old-tab edit in report.ipynb look like nothing report-nb can tell apart."""
    from group import add_to_ipynb

    alice, bob = group(tmp_path, configured=True)
    assert report_nb(alice, "build", *NO_HTML, "reports/report.md").returncode == 0
    teammate_builds(bob, 5, "Bob wrote about question five.")
    git(bob, "push", "-q", "origin", "main")
    add_to_ipynb(alice / "reports" / "report.ipynb", 27, "Alice typed this in an old tab.")
    pulled = git(alice, "pull", "-q", "origin", "main", check=False)  # a fast-forward
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    done = report_nb(alice, "build", *NO_HTML, "reports/report.md")
    assert done.returncode == 0, done.stderr
    readme = (alice / "reports" / "README.md").read_text(encoding="utf-8")
    assert "Bob wrote about question five." in readme
    assert "Alice typed this in an old tab." in readme


def test_a_pulled_state_json_brings_no_teammates_merge_record(tmp_path: Path) -> None:
    """The merge record (the backup, what the merge wrote) describes this clone's copies: Bob's
    merge, fast-forwarded into Alice's clone, must not let her undo restore her own old backup
    over his merged text as if nothing had changed since."""
    alice, bob = group(tmp_path, configured=True)
    readme = alice / "reports" / "README.md"
    add_to_readme(readme, 2, "Alice typed this on GitHub.")
    assert report_nb(alice, "import", "--merge", "reports/README.md").returncode == 0
    assert report_nb(alice, "build", *NO_HTML, "reports/report.md").returncode == 0
    git(alice, "add", "-A")
    git(alice, "commit", "-qm", "alice merged")
    git(alice, "push", "-q", "origin", "main")
    assert git(bob, "pull", "-q", "origin", "main", check=False).returncode == 0
    add_to_readme(bob / "reports" / "README.md", 6, "Bob typed this on GitHub.")
    assert report_nb(bob, "import", "--merge", "reports/README.md").returncode == 0
    git(bob, "add", "-A")
    git(bob, "commit", "-qm", "bob merged")
    git(bob, "push", "-q", "origin", "main")
    assert git(alice, "pull", "-q", "origin", "main", check=False).returncode == 0  # fast-forward
    state = (alice / "reports" / ".report-nb" / "state.json").read_text(encoding="utf-8")
    assert '"merge"' not in state  # never committed
    undone = report_nb(alice, "import", "--undo-merge", "reports/README.md")
    assert undone.returncode == 2, undone.stdout  # her merge's output was changed by the pull
    text = (alice / "reports" / "report.md").read_text(encoding="utf-8")
    assert "Bob typed this on GitHub." in text
