"""The group's invariant under random histories (Hypothesis stateful testing).

Two teammates, Alice and Bob, each with a clone of one bare origin (real git, ``report-nb
config-git`` run in both), start from a real report of ``../shared/seeds`` imported and built.
Hypothesis then runs random histories of what a group does: add a sentence to an answer in
README.md (GitHub's web editor), in ``report.md`` (a text editor) or in ``report.ipynb``
(JupyterLab with an old tab); build; export; ``import --merge``; ``--undo-merge``; check;
follow the command a refusal named; commit and push; pull; and a build killed (SIGKILL, by
``strace``) at a rename of its write phase. Alice types into odd questions, Bob into even
ones, as a group splits the report; both type into question 3.

After every step:

* no sentence anyone typed is gone from every file of both clones and the origin;
* a command that exits 0 keeps every sentence the clone held (build and export: in README.md);
* a refusal is one line, names a file, and, for a README edit, the question and a command;
* that command works in the state the student is in (the ``follow`` rule runs it);
* a pull leaves no conflict markers in ``state.json``, nor in README.md unless both typed into
  one answer (question 3): then the conflict stays inside that answer, ``check`` names it, and
  the student keeps both texts and commits.

The CI run is bounded (the ``ci`` profile); ``REPORT_NB_HYPOTHESIS_PROFILE=long pytest
tests/test_group_history.py`` runs many longer histories.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from report_nb.cli import main
from report_nb.commands.gitconfig import config_git

from conftest import SHARED_REASON, shared_reports
from group import add_to_ipynb, add_to_readme, add_to_text, git_env, resolve_conflicts

SEEDS = [f for f in shared_reports() if f.parent.name == "seeds"]
FAST = ["--no-execute", "-q", "--no-html", "--no-strict"]
CLONES = ("alice", "bob")
PAIR_AND_README = ("README.md", "report.md", "report.ipynb")

settings.register_profile(
    "ci",
    max_examples=25,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "long",
    max_examples=300,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PROFILE = os.environ.get("REPORT_NB_HYPOTHESIS_PROFILE", "ci")
#: Kills start a process each (seconds on a loaded machine): at most this many per history, and
#: in CI only in histories that start from the first seed (so that a replay draws the same).
KILLS = int(os.environ.get("REPORT_NB_HISTORY_KILLS", {"long": 2}.get(PROFILE, 1)))
#: Each seed is imported and built once (its template); CI starts from two of them.
STARTS = SEEDS if PROFILE == "long" else SEEDS[:2]


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=folder,
        env=git_env(folder.parent),
        capture_output=True,
        text=True,
        check=False,
    )


_templates: dict[Path, Path] = {}


def _template(seed: Path) -> Path:
    """Origin and two clones of ``seed``, imported and built, made once per seed and copied."""
    if seed in _templates:
        return _templates[seed]
    top = Path(tempfile.mkdtemp(prefix="group-template-"))
    assert _git(top, "init", "-q", "--bare", "-b", "main", "origin.git").returncode == 0
    alice = top / "alice"
    assert _git(top, "clone", "-q", "origin.git", "alice").returncode == 0
    reports = alice / "reports"
    reports.mkdir()
    shutil.copy(seed, reports / "README.md")
    assert _quiet(["import", str(reports / "README.md")])[0] == 0
    assert _quiet(["build", *FAST, str(reports / "report.md")])[0] == 0
    (alice / ".gitignore").write_text("reports/report.ipynb\n", encoding="utf-8")
    config_git(alice)
    for args in (("add", "-A"), ("commit", "-qm", "report"), ("push", "-q", "origin", "main")):
        assert _git(alice, *args).returncode == 0
    assert _git(top, "clone", "-q", "origin.git", "bob").returncode == 0
    for clone in CLONES:
        config_git(top / clone)
        _git(top / clone, "config", "pull.rebase", "false")
    _templates[seed] = top
    return top


def _quiet(argv: list[str]) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


class GroupHistory(RuleBasedStateMachine):
    """See the module docstring."""

    def __init__(self) -> None:
        super().__init__()
        self.top = Path(tempfile.mkdtemp(prefix="group-history-"))
        self.typed: list[str] = []
        self.suggested: dict[str, list[str]] = {}
        self.count = 0
        self.kills = 0
        self.seed: Path | None = None

    @initialize(seed=st.sampled_from(STARTS or [Path("missing")]))
    def start(self, seed: Path) -> None:
        self.seed = seed
        shutil.rmtree(self.top)
        shutil.copytree(_template(seed), self.top, symlinks=True)
        for clone in CLONES:  # git clone recorded the template's origin: use this copy's
            _git(self.top / clone, "remote", "set-url", "origin", str(self.top / "origin.git"))

    def teardown(self) -> None:
        shutil.rmtree(self.top, ignore_errors=True)

    # --- where things are ---------------------------------------------------------------------

    def reports(self, clone: str) -> Path:
        return self.top / clone / "reports"

    def held(self, clone: str) -> set[str]:
        """The typed sentences the clone's README, pair files or undo's kept copies hold."""
        texts = ""
        undone = self.reports(clone) / ".report-nb" / "merge" / "undone"  # an undo --force kept
        kept = sorted(undone.iterdir()) if undone.is_dir() else []
        for path in [self.reports(clone) / name for name in PAIR_AND_README] + kept:
            if path.is_file():
                texts += path.read_bytes().decode("utf-8", "replace")
        return {s for s in self.typed if s in texts}

    def in_origin(self) -> str:
        shown = _git(self.top / "alice", "show", "origin/main:reports/README.md").stdout
        return shown + _git(self.top / "alice", "show", "origin/main:reports/report.md").stdout

    def log(self, line: str) -> None:
        if os.environ.get("REPORT_NB_HISTORY_LOG"):
            with open(os.environ["REPORT_NB_HISTORY_LOG"], "a", encoding="utf-8") as log:
                log.write(f"{self.top.name} {line}\n")

    def sentence(self, clone: str) -> str:
        self.count += 1
        text = f"Sentence zq{self.count}{clone[0]} typed by {clone}."
        self.typed.append(text)
        return text

    # --- edits ----------------------------------------------------------------------------------

    @rule(
        clone=st.sampled_from(CLONES), k=st.integers(0, 15), where=st.sampled_from(PAIR_AND_README)
    )
    def edit(self, clone: str, k: int, where: str) -> None:
        # Alice types into odd questions and Bob into even ones, but both into question 3 (k=15)
        question = 3 if k == 15 else 2 * k + (1 if clone == "alice" else 2)
        self.type_into(clone, question, where)

    def type_into(self, clone: str, question: int, where: str) -> None:
        path = self.reports(clone) / where
        if not path.is_file():
            return
        add = {"README.md": add_to_readme, "report.md": add_to_text, "report.ipynb": add_to_ipynb}
        sentence = self.sentence(clone)
        if not add[where](path, question, sentence):
            self.typed.remove(sentence)
        else:
            self.log(f"{clone} typed {sentence!r} into {where} question {question}")

    # --- commands ----------------------------------------------------------------------------

    def command(self, clone: str, argv: list[str]) -> tuple[int, str, str]:
        before = self.held(clone)
        code, out, err = _quiet(argv)
        self.log(f"{clone} {argv[:2]} -> {code} {err.strip()[:200]}")
        assert code != 3 and "internal error" not in err, err
        after = self.held(clone)
        if code == 0:
            assert before <= after, f"{argv} exited 0 and dropped {before - after}"
        else:
            assert before <= after, f"{argv} refused but dropped {before - after}"
        if code == 2:
            assert len(err.strip().splitlines()) == 1, err
            assert "README.md" in err or "report." in err or "state.json" in err, err
            commands = re.findall(r"'(report-nb [^']+)'", err)
            if "question" in err and "README.md" in err and "edited" in err:
                assert commands, err
            if commands:
                self.suggested[clone] = commands[0].split()[1:]
        return code, out, err

    @rule(clone=st.sampled_from(CLONES), how=st.sampled_from(["build", "export"]))
    def build(self, clone: str, how: str) -> None:
        reports = self.reports(clone)
        before = self.held(clone)
        argv = ["build", *FAST, str(reports / "report.md")]
        if how == "export":
            argv = ["export", str(reports / "report.md")]
        code, _, _ = self.command(clone, argv)
        if code == 0:
            readme = (reports / "README.md").read_bytes().decode("utf-8")
            lost = {s for s in before if s not in readme}
            assert not lost, f"{how} exited 0 but README.md lacks {lost}"

    @rule(clone=st.sampled_from(CLONES))
    def merge(self, clone: str) -> None:
        self.command(clone, ["import", "--merge", str(self.reports(clone) / "README.md")])

    @rule(clone=st.sampled_from(CLONES))
    def undo_merge(self, clone: str) -> None:
        self.command(clone, ["import", "--undo-merge", str(self.reports(clone) / "README.md")])

    @rule(clone=st.sampled_from(CLONES), name=st.sampled_from(["README.md", "report.md"]))
    def check(self, clone: str, name: str) -> None:
        self.command(clone, ["check", str(self.reports(clone) / name)])

    @precondition(lambda self: bool(self.suggested))
    @rule(data=st.data())
    def follow(self, data: st.DataObject) -> None:
        """The student runs the command the last refusal named."""
        clone = data.draw(st.sampled_from(sorted(self.suggested)))
        argv = self.suggested.pop(clone)
        _, _, err = self.command(clone, argv)
        assert "no such file" not in err and "unrecognized arguments" not in err, (argv, err)

    # --- git ------------------------------------------------------------------------------------

    @rule(clone=st.sampled_from(CLONES))
    def commit_and_push(self, clone: str) -> None:
        folder = self.top / clone
        _git(folder, "add", "-A")
        _git(folder, "commit", "-qm", "work")
        pushed = _git(folder, "push", "-q", "origin", "main")  # rejected when behind
        self.log(f"{clone} commit and push -> {pushed.returncode}")

    @rule(clone=st.sampled_from(CLONES))
    def pull(self, clone: str) -> None:
        folder = self.top / clone
        _git(folder, "add", "-A")
        _git(folder, "commit", "-qm", "before pulling")
        before = self.held(clone)
        pulled = _git(folder, "pull", "-q", "origin", "main")
        self.log(f"{clone} pull -> {pulled.returncode}")
        state = (self.reports(clone) / ".report-nb" / "state.json").read_text(encoding="utf-8")
        assert "<<<<<<<" not in state, "a pull left conflict markers in state.json"
        if pulled.returncode != 0:  # both typed into one answer: a real conflict, kept inside it
            self.resolve(clone, pulled.stdout + pulled.stderr)
        readme = (self.reports(clone) / "README.md").read_text(encoding="utf-8")
        assert "<<<<<<<" not in readme, "a pull left conflict markers in README.md"
        # a pull brings the teammate's changes, deletions included: a sentence it takes away
        # must be one the teammate removed on purpose, and still holds (an undo --force keeps
        # the edited file aside, as it says)
        other = next(c for c in CLONES if c != clone)
        gone = before - self.held(clone)
        assert gone <= self.held(other), f"a pull dropped {gone}"

    def resolve(self, clone: str, said: str) -> None:
        """Check names the conflict; the student keeps both texts and commits."""
        folder = self.top / clone
        conflicted = _git(folder, "diff", "--name-only", "--diff-filter=U").stdout.split()
        assert conflicted and set(conflicted) <= {"reports/README.md", "reports/report.md"}, said
        if "reports/README.md" in conflicted:
            readme = self.reports(clone) / "README.md"
            code, out, _ = self.command(clone, ["check", str(readme)])
            assert code == 1 and "git merge conflict" in out, out  # still a report: named
        for name in conflicted:
            resolve_conflicts(folder / name)
        _git(folder, "add", "-A")
        assert _git(folder, "commit", "-qm", "both texts kept").returncode == 0

    @rule(
        first=st.sampled_from(("README.md", "report.md")),
        second=st.sampled_from(("README.md", "report.md")),
    )
    def both_type_into_one_answer(self, first: str, second: str) -> None:
        """Alice types into question 3 and pushes; Bob types there too and pulls."""
        self.type_into("alice", 3, first)
        self.commit_and_push("alice")
        self.type_into("bob", 3, second)
        self.pull("bob")

    # --- a kill in the write phase ---------------------------------------------------------

    @precondition(lambda self: self.may_kill())
    @rule(clone=st.sampled_from(CLONES), when=st.integers(1, 6))
    def killed_build(self, clone: str, when: int) -> None:
        self.kills += 1
        reports = self.reports(clone)
        before = self.held(clone)
        inject = f"inject=rename:signal=KILL:when={when}"
        command = [sys.executable, "-m", "report_nb", "build", *FAST, "report.md"]
        done = subprocess.run(
            ["strace", "-f", "-qq", "-o", "/dev/null", "-e", inject, *command],
            cwd=reports,
            env=git_env(self.top),
            capture_output=True,
            check=False,
        )
        assert done.returncode in (0, 2, -signal.SIGKILL, 128 + signal.SIGKILL), done.stderr
        self.command(clone, ["check", str(reports / "README.md")])  # recovers the write
        assert before <= self.held(clone)

    def may_kill(self) -> bool:
        first = PROFILE == "long" or (bool(STARTS) and self.seed == STARTS[0])
        return first and self.kills < KILLS and shutil.which("strace") is not None

    # --- the invariant ------------------------------------------------------------------------

    @invariant()
    def nothing_typed_is_lost(self) -> None:
        if not self.typed:
            return
        anywhere = self.held("alice") | self.held("bob")
        origin = self.in_origin()
        lost = [s for s in self.typed if s not in anywhere and s not in origin]
        assert not lost, f"lost everywhere: {lost}"


GroupHistory.TestCase.settings = settings.get_profile(PROFILE)


@pytest.mark.skipif(not SEEDS, reason=SHARED_REASON)
def test_group_histories() -> None:
    """Random histories keep the invariant (see the module docstring)."""
    GroupHistory.TestCase().runTest()
