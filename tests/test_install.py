"""Installing from a git URL as a student does, with pip and with uv, where Node.js does not exist.

Each install goes into a fresh environment, from a ``git+file://`` URL of a clone of this working
tree, inside a mount namespace without ``node`` and ``npm`` (see ``installs.py``). The Lab
extension and the server extension must then be listed as enabled, and ``report-nb`` must run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import report_nb

from installs import NODE_GONE, clean_env

pytestmark = pytest.mark.install

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BIN = "Scripts" if sys.platform == "win32" else "bin"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
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
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


def uv() -> str:
    found = pytest.importorskip("uv", reason="uv is in the dev extra").find_uv_bin()
    return str(found)


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


def test_pip_installs_from_a_git_url_and_editable_without_node(
    repo_clone: tuple[Path, str], no_node: list[str], tmp_path: Path
) -> None:
    clone, _ = repo_clone
    env = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", env)
    # this session's pip (older pips reject a git+file:// URL), installing into the fresh venv
    pip = [*no_node, sys.executable, "-m", "pip", "--python", str(env / BIN / "python")]
    run(*pip, "install", "-q", f"report-nb[lab] @ git+file://{clone}")
    assert_installed(env, env)
    # a developer's `pip install -e .` (the dependencies are there already)
    run(*pip, "install", "-q", "--no-deps", "-e", clone)
    assert_installed(env, clone)


def test_uv_pip_installs_from_a_git_url_without_node(
    repo_clone: tuple[Path, str], no_node: list[str], tmp_path: Path
) -> None:
    clone, _ = repo_clone
    env = tmp_path / "venv"
    run(uv(), "venv", "-q", "--python", sys.executable, env)
    run(*no_node, uv(), "pip", "install", "-q", "--python", env / BIN / "python",
        f"report-nb[lab] @ git+file://{clone}")  # fmt: skip
    assert_installed(env, env)


def test_uv_add_to_a_uv_project_without_node(
    repo_clone: tuple[Path, str], no_node: list[str], tmp_path: Path
) -> None:
    """The course's 2026 template is a uv project (`uv add typer markdown`)."""
    clone, rev = repo_clone
    project = tmp_path / "group"
    run(uv(), "init", "-q", "--bare", "--no-workspace", "--python", sys.executable, project)
    run(*no_node, uv(), "add", "-q", "--python", sys.executable,
        f"report-nb[lab] @ git+file://{clone}", cwd=project)  # fmt: skip
    assert_installed(project / ".venv", project / ".venv")
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
