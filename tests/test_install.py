"""Installing from a git URL as a student does, with pip and with uv, where Node.js does not exist;
and the committed build of the Lab extension is the build of labextension/ as it is.

Each install goes into a fresh environment, from a ``git+file://`` URL of a clone of this working
tree, inside a mount namespace without ``node`` and ``npm`` (see ``installs.py``). The Lab
extension and the server extension must then be listed as enabled, and ``report-nb`` must run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import report_nb

from conftest import ROOT
from installs import NODE_GONE, clean_env

EXTENSION = ROOT / "labextension"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BIN = "Scripts" if sys.platform == "win32" else "bin"


def run(
    *args: str | Path, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
        check=False,
    )
    assert done.returncode != NODE_GONE, done.stderr  # Node was not hidden: the test proves nothing
    assert done.returncode == 0 or not check, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


def uv() -> str:
    """The uv of the dev extra; skip without it, but fail in CI (REPORT_NB_REQUIRE_INSTALL=1)."""
    try:
        from uv import find_uv_bin
    except ImportError:
        if os.environ.get("REPORT_NB_REQUIRE_INSTALL") or os.environ.get("CI"):
            pytest.fail("uv is not installed (it is in the dev extra)")
        pytest.skip("uv is not installed (it is in the dev extra)")
    return str(find_uv_bin())


def assert_installed(env: Path, package_in: Path) -> None:
    """Both parts of the extension enabled, the CLI runs, report_nb imported from package_in
    (run from the environment's folder: from ours, ``python -c`` would import our report_nb)."""
    bin_dir = env / BIN
    lab = run(bin_dir / "jupyter", "labextension", "list", cwd=env)
    listed = ANSI.sub("", lab.stdout + lab.stderr)
    assert re.search(r"report-nb v\S+ enabled OK \(python, report-nb\)", listed), listed
    server = run(bin_dir / "jupyter", "server", "extension", "list", cwd=env)
    listed = ANSI.sub("", server.stdout + server.stderr)
    assert re.search(r"report_nb\.lab enabled", listed), listed
    assert re.search(r"report_nb\.lab\s+OK", listed), listed
    version = run(bin_dir / "report-nb", "--version", cwd=env)
    assert version.stdout.strip() == f"report-nb {report_nb.__version__}"
    where = run(bin_dir / "python", "-c", "import report_nb; print(report_nb.__file__)", cwd=env)
    assert Path(where.stdout.strip()).is_relative_to(package_in)


@pytest.mark.install
def test_pip_installs_from_a_git_url_and_editable_without_node(
    repo_clone: tuple[Path, str], no_node: list[str], tmp_path: Path
) -> None:
    """pip builds report-nb from the git URL and installs it with its data files. Its
    dependencies are put in first by uv, from uv's cache: pip would download its ~100 wheels
    again (70-90 s here); the uv tests install everything from nothing."""
    clone, _ = repo_clone
    env = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", env)
    python = str(env / BIN / "python")
    run(uv(), "pip", "install", "-q", "--python", python, "-r", clone / "pyproject.toml",
        "--extra", "lab")  # fmt: skip
    assert run(python, "-c", "import jupyterlab", cwd=env).returncode == 0
    assert run(python, "-c", "import report_nb", cwd=env, check=False).returncode == 1  # not yet
    # this session's pip (older pips reject a git+file:// URL), installing into the fresh venv
    pip = [*no_node, sys.executable, "-m", "pip", "--python", python]
    run(*pip, "install", "-q", f"report-nb[lab] @ git+file://{clone}")
    assert_installed(env, env)
    # a developer's `pip install -e .` (the dependencies are there already)
    run(*pip, "install", "-q", "--no-deps", "-e", clone)
    assert_installed(env, clone)


@pytest.mark.install
def test_uv_pip_installs_from_a_git_url_without_node(
    repo_clone: tuple[Path, str], no_node: list[str], tmp_path: Path
) -> None:
    clone, _ = repo_clone
    env = tmp_path / "venv"
    run(uv(), "venv", "-q", "--python", sys.executable, env)
    run(*no_node, uv(), "pip", "install", "-q", "--python", env / BIN / "python",
        f"report-nb[lab] @ git+file://{clone}")  # fmt: skip
    assert_installed(env, env)


@pytest.mark.install
def test_uv_add_to_a_uv_project_without_node(
    repo_clone: tuple[Path, str], no_node: list[str], tmp_path: Path
) -> None:
    """The course's 2026 template is a uv project (`uv add typer markdown`): the README's
    `uv add --dev` and `uv run`."""
    clone, rev = repo_clone
    project = tmp_path / "group"
    run(uv(), "init", "-q", "--bare", "--no-workspace", "--python", sys.executable, project)
    run(*no_node, uv(), "add", "-q", "--dev", "--python", sys.executable,
        f"report-nb[lab] @ git+file://{clone}", cwd=project)  # fmt: skip
    assert_installed(project / ".venv", project / ".venv")
    ran = run(*no_node, uv(), "run", "-q", "report-nb", "--version", cwd=project)
    assert ran.stdout.strip() == f"report-nb {report_nb.__version__}"
    lock = (project / "uv.lock").read_text(encoding="utf-8")
    assert f'source = {{ git = "file://{clone}#{rev}" }}' in lock  # the commit under test


def test_node_is_hidden(no_node: list[str]) -> None:
    """The namespace the installs run in has no node or npm (and the host still has them)."""
    probe = subprocess.run(
        [*no_node, "sh", "-c", "command -v node npm npx || echo none"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "none"


def test_committed_extension_was_built_from_these_sources() -> None:
    """labextension/build.mjs records the sources it built from in sources.sha256; without Node,
    this catches a change to labextension/ that was not rebuilt and committed (CI also rebuilds
    with npm and compares every built file)."""
    work = {"node_modules", "lib"}  # npm's and tsc's, as build.mjs skips them
    files = [
        p
        for p in EXTENSION.rglob("*")
        if p.is_file()
        and not work & set(p.relative_to(EXTENSION).parts[:1])
        and not p.name.endswith(".tsbuildinfo")
    ]
    expected = sorted(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(ROOT).as_posix()}"
        for p in files
    )
    recorded = (ROOT / "report_nb" / "labextension" / "sources.sha256").read_text(encoding="utf-8")
    assert sorted(recorded.splitlines()) == expected, (
        "report_nb/labextension/ was built from other sources: run `npm run build:prod` in "
        "labextension/ and commit report_nb/labextension/"
    )


def test_built_extension_is_the_production_build() -> None:
    """A development build (`npm run build`) has source maps and unminified code: not for commit."""
    static = ROOT / "report_nb" / "labextension" / "static"
    assert not list(static.glob("*.map"))
    package = json.loads((static.parent / "package.json").read_text(encoding="utf-8"))
    entry = static.parent / package["jupyterlab"]["_build"]["load"]
    assert entry.is_file() and len(entry.read_text(encoding="utf-8").splitlines()) <= 2


def test_readme_student_commands_are_the_tested_installs() -> None:
    """The student section starts with an install that brings JupyterLab, from the git URL, as
    the tests above install it; the uv variant is the tested `uv add --dev`."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## For students", 1)[1]
    first = section.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert first[0].startswith('pip install "report-nb[lab] @ git+https://'), first[0]
    assert any(line.startswith("jupyter lab ") for line in first)
    uv_block = section.split("```bash\n", 2)[2].split("```", 1)[0].splitlines()
    assert uv_block[0].startswith('uv add --dev "report-nb[lab] @ git+https://'), uv_block[0]
    assert any(line.startswith("uv run jupyter lab ") for line in uv_block)
