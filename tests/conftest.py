"""Shared fixtures: the course material in ../shared (skipped when absent) and our own fixtures."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from installs import can_unshare, committed_clone, without_node

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("REPORT_NB_SHARED", ROOT.parent / "shared"))
SHARED_REASON = (
    f"course material not found at {SHARED} (set REPORT_NB_SHARED to the folder holding "
    "seeds/ and corpus/)"
)


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI (REPORT_NB_REQUIRE_SHARED=1) the corpus tests must run: stop if ../shared is absent."""
    if os.environ.get("REPORT_NB_REQUIRE_SHARED") == "1" and not shared_reports():
        pytest.exit(f"REPORT_NB_REQUIRE_SHARED=1 but {SHARED_REASON}", returncode=1)


#: The longest test files, slowest first (CI's durations): pytest-xdist hands out whole files in
#: collection order, so these start first and the run does not end on one worker's long file.
SLOWEST_FILES = (
    "test_write_safety.py",
    "test_install.py",
    "test_lab_ui.py",
    "test_lab.py",
    "test_ci.py",
    "test_lab_server.py",
    "test_group_history.py",
    "test_group_git.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collect the slowest files first (the order within a file stays as written)."""
    rank = {name: index for index, name in enumerate(SLOWEST_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def shared_reports() -> list[Path]:
    """Every real report and published template in ../shared: seeds, corpus/real, templates."""
    if not SHARED.is_dir():
        return []
    files = sorted((SHARED / "seeds").glob("*.txt"))
    files += sorted((SHARED / "corpus" / "real").glob("*.md"))
    files += sorted((SHARED / "corpus" / "templates").glob("*.md"))
    return files


def shared_params(files: list[Path] | None = None) -> list:
    """pytest params with readable ids, or one skipped param when ../shared is absent."""
    files = shared_reports() if files is None else files
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=SHARED_REASON), id="no-shared")]
    return [pytest.param(f, id=f"{f.parent.name}/{f.stem[:40]}") for f in files]


def seed_params() -> list:
    """Only the five seeds."""
    return shared_params([f for f in shared_reports() if f.parent.name == "seeds"])


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """``check`` keeps its checklist count in the user's cache folder: the tests', in a temp one.

    Set in the environment, so that the commands the tests start use it too.
    """
    os.environ["REPORT_NB_CACHE_DIR"] = str(tmp_path_factory.mktemp("user-cache"))


#: Headless Chromium flags that work as root on a closed network (no sandbox, no background
#: connections that the network would refuse).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    """Path of a Chromium binary; skip without one (fail in CI, which sets
    REPORT_NB_REQUIRE_BROWSER=1, so that browser tests never silently stop running there)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = "no Chromium installed (Debian: apt-get install -y chromium)"
    if os.environ.get("REPORT_NB_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def repo_clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A clone of this working tree with its changes committed, and that commit: what a group's
    ``git+URL`` or pre-commit ``repo:``/``rev:`` installs (one per test session)."""
    clone = tmp_path_factory.mktemp("clone") / "report-nb"
    return clone, committed_clone(ROOT, clone)


@pytest.fixture(scope="session")
def no_node(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command prefix that hides Node.js (node, npm, ...) from a command: ``unshare -m`` and
    bind mounts, so root only. Skip elsewhere, but fail in CI (.ci/run sets
    REPORT_NB_REQUIRE_INSTALL=1), where the installs must be proven to need no Node."""
    if not can_unshare():
        message = "hiding Node.js needs `unshare -m` (root)"
        if os.environ.get("REPORT_NB_REQUIRE_INSTALL") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return without_node(tmp_path_factory.mktemp("no-node"))


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator:
    """One headless Chromium for a test module (playwright)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context and page, 1400x900."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """JupyterLab for the module, notebook windowing off: every cell (and badge) is in the DOM."""
    from labkit import SETTINGS, start_lab

    yield from start_lab(tmp_path_factory.mktemp("lab"), SETTINGS)


@pytest.fixture(scope="module")
def default_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """JupyterLab in its default settings (notebook windowing on)."""
    from labkit import NEWS, SETTINGS, start_lab

    yield from start_lab(tmp_path_factory.mktemp("default_lab"), {NEWS: SETTINGS[NEWS]})
