"""In a group's CI: the pre-commit hook (with the real pre-commit) and GitHub annotations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from report_nb.cli import main

from builders import make_report, passing, words
from conftest import ROOT
from installs import can_unshare

HOOKS = ROOT / ".pre-commit-hooks.yaml"
# the official checker refuses this file: a '###' after the last 'Answer:' counts it twice
REJECTED = make_report(fill=passing) + "\n### Notes\n\nmore\n"
GOOD = make_report(fill=passing)


def test_hook_definition() -> None:
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "report-nb-check"
    assert hook["entry"] == "report-nb check"
    assert hook["language"] == "python"
    assert hook["files"] == r"(^|/)reports/README\.md$"


# -- GitHub Actions: report-nb check reports/README.md --format github -------------------------


def test_github_format_fails_a_rejected_file_with_error_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    readme = tmp_path / "reports" / "README.md"
    readme.parent.mkdir()
    readme.write_text(REJECTED, encoding="utf-8")
    assert main(["check", str(readme), "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    assert errors, out
    assert any(f"file={readme}" in e and "will reject this file" in e for e in errors)
    assert "finds 32 answers but expects 31" in "\n".join(errors)


def test_github_format_fails_a_question_below_its_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing, answers={9: words(12)}), encoding="utf-8")
    assert main(["check", str(readme), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=" in out and "title=Question 9::too few words: 12 < 100" in out


def test_github_format_passes_a_good_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(GOOD, encoding="utf-8")
    assert main(["check", str(readme), "--format", "github"]) == 0
    assert "::error" not in capsys.readouterr().out


def test_readme_documents_the_actions_step() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "report-nb check reports/README.md --format github" in readme
    assert "id: report-nb-check" in readme


# -- pre-commit, for real ------------------------------------------------------------------------
#
# A group's .pre-commit-config.yaml names this repository (a clone of the working tree, changes
# committed) and a commit. pre-commit installs report-nb from it into its own virtualenv, where
# Node.js is hidden as on a student's machine. The session shares one PRE_COMMIT_HOME, so that
# environment is installed once for both tests. (``pre-commit try-repo`` would install it again on
# every call: it keeps its store in a temporary folder.)


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Without PYTHONPATH: the hook must run the report-nb that pre-commit installed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    home = tmp_path_factory.mktemp("pre-commit-home")
    return env | {"PRE_COMMIT_COLOR": "never", "PRE_COMMIT_HOME": str(home)}


@pytest.fixture(scope="session")
def node_hidden(request: pytest.FixtureRequest) -> list[str]:
    """The prefix that hides Node.js where that is possible (root; always in CI), else none."""
    if can_unshare() or os.environ.get("CI") or os.environ.get("REPORT_NB_REQUIRE_INSTALL"):
        return request.getfixturevalue("no_node")
    return []


def _run(
    *args: str, cwd: Path, env: dict[str, str], prefix: list[str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *args], cwd=cwd, capture_output=True, text=True, timeout=900, env=env, check=False
    )


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def group_repo(tmp_path: Path, repo_clone: tuple[Path, str]) -> Path:
    """A group's git repository holding reports/README.md (and an unrelated README.md), with a
    .pre-commit-config.yaml naming this repository and the commit under test."""
    pytest.importorskip("pre_commit", reason="pre-commit is in the dev extra")
    clone, rev = repo_clone
    repo = tmp_path / "group"
    (repo / "reports").mkdir(parents=True)
    (repo / "README.md").write_text("# Our project\n\nNot the report.\n", encoding="utf-8")
    config = f"repos:\n  - repo: {clone}\n    rev: {rev}\n    hooks:\n      - id: report-nb-check\n"
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git("init", "-q", cwd=repo)
    _git("config", "user.email", "group@example.org", cwd=repo)
    _git("config", "user.name", "Group", cwd=repo)
    return repo


@pytest.mark.precommit
def test_pre_commit_hook_fails_on_a_rejected_report_and_passes_a_good_one(
    group_repo: Path, pre_commit_env: dict[str, str], node_hidden: list[str]
) -> None:
    """``pre-commit run`` installs the hook (without Node) and runs it on the group's files."""
    readme = group_repo / "reports" / "README.md"
    readme.write_text(REJECTED, encoding="utf-8")
    _git("add", "-A", cwd=group_repo)
    hook = [sys.executable, "-m", "pre_commit", "run", "report-nb-check", "--all-files"]
    bad = _run(*hook, cwd=group_repo, env=pre_commit_env, prefix=node_hidden)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "the official checker will reject this file" in bad.stdout
    assert "reports/README.md" in bad.stdout and "Not the report" not in bad.stdout

    readme.write_text(GOOD, encoding="utf-8")
    _git("add", "-A", cwd=group_repo)
    good = _run(*hook, cwd=group_repo, env=pre_commit_env, prefix=node_hidden)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout and "passed 31/31" not in good.stdout  # quiet on success


@pytest.mark.precommit
def test_pre_commit_config_with_this_repo_blocks_the_commit(
    group_repo: Path, pre_commit_env: dict[str, str], node_hidden: list[str]
) -> None:
    """The git hook that ``pre-commit install`` writes stops a commit of a rejected report."""
    (group_repo / "reports" / "README.md").write_text(REJECTED, encoding="utf-8")
    _git("add", "-A", cwd=group_repo)
    installed = _run(
        sys.executable, "-m", "pre_commit", "install", cwd=group_repo, env=pre_commit_env, prefix=[]
    )
    assert installed.returncode == 0, installed.stderr
    commit = _run(
        "git", "commit", "-qm", "report", cwd=group_repo, env=pre_commit_env, prefix=node_hidden
    )
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert "report-nb check" in output and "Failed" in output
    assert "the official checker will reject this file" in output
    log = subprocess.run(["git", "log"], cwd=group_repo, capture_output=True, text=True)
    assert log.returncode != 0  # nothing was committed
