"""The checklist's evidence in JupyterLab: ``POST /report-nb/audit`` over real HTTP to a real
``jupyter lab``, and the markers in the checklist cell in Chromium, refreshed on save.

The repository is a real ``git init`` in the server's root holding a Dockerfile and a data test;
its report ticks the Dockerfile, the data tests and pre-commit (which has no evidence until the
test writes ``.pre-commit-config.yaml``), and leaves "build the docker files" unticked (a hint).
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from test_lab_server import call, relative

from report_nb.commands.importing import import_readme

from conftest import FIXTURES
from labkit import Lab, notification, open_report, save

pytestmark = pytest.mark.browser

ITEMS = {
    "docker": ("x", "Construct one or multiple dockerfiles (M10)"),
    "data tests": ("x", "Unit tests related to the data code (M16)"),
    "pre-commit": ("x", "Pre-commit hooks for the group (M18)"),
    "docker build": (
        " ",
        "Build the docker files locally and make sure they work as intended (M10)",
    ),
    "unknown": ("x", "Bake a cake for the teaching assistants"),
}
DATA_TEST = "from project.data import load\n\n\ndef test_load_gives_rows():\n    assert load()\n"
PRE_COMMIT = "repos:\n- repo: local\n  hooks:\n  - id: ruff\n"


def audited_repo(lab: Lab, name: str) -> Path:
    """A git repository ``name`` in the server's root; its imported report's notebook."""
    repo = lab.root / name
    (repo / "tests").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "Dockerfile").write_text("FROM python:3.12-slim\n")
    (repo / "tests" / "test_data.py").write_text(DATA_TEST)
    text = (FIXTURES / "filled_31.md").read_text(encoding="utf-8")
    checklist = "".join(f"* [{mark}] {item}\n" for mark, item in ITEMS.values())
    text = re.sub(r"### Week 1\n.*?(?=## Group information)", f"### Week 1\n\n{checklist}\n",
                  text, count=1, flags=re.S)  # fmt: skip
    (repo / "reports").mkdir()
    (repo / "reports" / "README.md").write_text(text, encoding="utf-8")
    import_readme(repo / "reports" / "README.md")
    return repo / "reports" / "report.ipynb"


def by_text(answer: dict) -> dict[str, dict]:
    return {item["text"]: item for item in answer["items"]}


def test_the_endpoint_answers_each_items_evidence(lab: Lab) -> None:
    notebook = audited_repo(lab, "repo-http")
    status, answer = call(lab, "audit", {"path": relative(lab, notebook)})
    assert status == 200, answer
    assert answer["repo"] == "repo-http"
    items = by_text(answer)
    assert set(items) == {text for _, text in ITEMS.values()}
    docker = items[ITEMS["docker"][1]]
    assert (docker["evidence"], docker["paths"], docker["verdict"]) == (
        "present",
        ["Dockerfile"],
        None,
    )
    assert items[ITEMS["data tests"][1]]["evidence"] == "present"
    assert items[ITEMS["data tests"][1]]["paths"] == ["tests/test_data.py"]
    pre_commit = items[ITEMS["pre-commit"][1]]
    assert (pre_commit["evidence"], pre_commit["ticked"], pre_commit["verdict"]) == (
        "absent", True, "warning",
    )  # fmt: skip
    assert items[ITEMS["docker build"][1]]["verdict"] == "hint"
    assert items[ITEMS["unknown"][1]]["evidence"] == "not-checkable"
    assert set(answer["items"][0]) == {
        "line", "text", "tick", "ticked", "evidence", "paths", "reason", "rule", "verdict",
    }  # fmt: skip

    # the README edited (a tick removed) is read again; the repository's evidence is the same
    readme = notebook.with_name("README.md")
    readme.write_text(readme.read_text().replace("* [x] Pre-commit", "* [ ] Pre-commit"))
    status, answer = call(lab, "audit", {"path": relative(lab, notebook)})
    assert by_text(answer)[ITEMS["pre-commit"][1]]["ticked"] is False
    assert by_text(answer)[ITEMS["pre-commit"][1]]["verdict"] is None

    # a new file is seen at the next call: the kept walk is dropped when the fingerprint moves
    (notebook.parents[1] / ".pre-commit-config.yaml").write_text(PRE_COMMIT)
    status, answer = call(lab, "audit", {"path": relative(lab, notebook)})
    pre_commit = by_text(answer)[ITEMS["pre-commit"][1]]
    assert (pre_commit["evidence"], pre_commit["paths"]) == ("present", [".pre-commit-config.yaml"])


def test_the_endpoint_refuses_what_the_others_refuse(lab: Lab, tmp_path: Path) -> None:
    outside = audited_repo_outside(tmp_path)
    assert call(lab, "audit", {"path": "../" * 12 + str(outside).lstrip("/")})[0] == 403
    assert call(lab, "audit", {"path": "no/such/report.ipynb"})[0] == 404
    assert call(lab, "audit", {})[0] == 400
    notebook = audited_repo(lab, "repo-linked")
    readme = notebook.with_name("README.md")
    readme.unlink()
    readme.symlink_to(outside.with_name("README.md"))  # the README leads out of the root
    status, answer = call(lab, "audit", {"path": relative(lab, notebook)})
    assert status == 403 and "\n" not in answer["error"], answer
    readme.unlink()  # no README yet (never built): one line, no 500
    status, answer = call(lab, "audit", {"path": relative(lab, notebook)})
    assert status == 400 and "README.md: no such file" in answer["error"], answer


def audited_repo_outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "README.md").write_text((FIXTURES / "filled_31.md").read_text(encoding="utf-8"))
    import_readme(folder / "README.md")
    return folder / "report.ipynb"


def test_the_walk_is_kept_while_only_the_reports_own_files_change(tmp_path: Path) -> None:
    from report_nb.lab.audit import AuditCache

    (tmp_path / "reports").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM python\n")
    notebook = tmp_path / "reports" / "report.ipynb"
    for name in ("report.ipynb", "report.md", "README.md"):
        (tmp_path / "reports" / name).write_text("one")
    cache = AuditCache()
    first = cache.index(tmp_path, notebook)
    for name in ("report.ipynb", "report.md", "README.md"):
        time.sleep(0.01)
        (tmp_path / "reports" / name).write_text("saved again")
    assert cache.index(tmp_path, notebook) is first and cache.reused == 1
    (tmp_path / ".pre-commit-config.yaml").write_text(PRE_COMMIT)
    second = cache.index(tmp_path, notebook)
    assert second is not first and ".pre-commit-config.yaml" in second.sizes
    assert AuditCache().index(tmp_path, notebook) is not second  # each server keeps its own


def marker(page, key: str):
    """The evidence marker after checklist item ``key`` in the rendered checklist cell."""
    item = page.locator(".jp-RenderedMarkdown li", has_text=ITEMS[key][1])
    return item.locator(".report-nb-evidence")


def wait_for_evidence(page, text: str) -> None:
    """Wait until the checklist item holding ``text`` shows evidence found."""
    page.wait_for_function(
        "text => [...document.querySelectorAll('.jp-RenderedMarkdown li')]"
        ".some(li => li.textContent.includes(text)"
        " && li.querySelector('.report-nb-evidence-present'))",
        arg=text,
        timeout=30_000,
    )


def test_the_checklist_cell_shows_evidence_and_refreshes_on_save(lab: Lab, page) -> None:
    notebook = audited_repo(lab, "repo-ui")
    open_report(page, lab, notebook)
    marker(page, "docker").wait_for(timeout=30_000)
    assert marker(page, "docker").inner_text() == "✓ Dockerfile"
    assert marker(page, "docker").get_attribute("data-evidence") == "present"
    assert marker(page, "data tests").inner_text() == "✓ tests/test_data.py"
    assert marker(page, "pre-commit").inner_text() == "⚠ no evidence found"
    assert marker(page, "docker build").inner_text() == "you may tick this: Dockerfile"
    assert marker(page, "unknown").count() == 0  # not checkable: nothing shown
    colour = marker(page, "pre-commit").evaluate("e => getComputedStyle(e).color")
    warn = page.evaluate(
        "() => { const e = document.createElement('span');"
        " e.style.color = 'var(--jp-warn-color0)'; document.body.appendChild(e);"
        " const c = getComputedStyle(e).color; e.remove(); return c; }"
    )
    assert colour == warn  # the theme's warning colour

    (notebook.parents[1] / ".pre-commit-config.yaml").write_text(PRE_COMMIT)
    page.locator(".jp-Cell").first.click()
    save(page, notebook)
    wait_for_evidence(page, "Pre-commit hooks for the group")
    assert marker(page, "pre-commit").inner_text() == "✓ .pre-commit-config.yaml"


def test_a_repository_around_the_server_root_is_not_read(tmp_path: Path) -> None:
    # JupyterLab started in reports/: the repository (the root's parent) is outside the root
    from report_nb.lab.audit import AuditCache, audit_notebook

    notebook = audited_repo_outside(tmp_path)  # its repository root is the README's grandparent
    answer = audit_notebook(notebook, AuditCache(), notebook.parent.resolve())
    assert answer == {"items": [], "repo": None}


def test_a_merged_tick_refreshes_the_evidence(lab: Lab, page) -> None:
    notebook = audited_repo(lab, "repo-merge")
    open_report(page, lab, notebook)
    marker(page, "docker build").wait_for(timeout=30_000)
    assert marker(page, "docker build").inner_text() == "you may tick this: Dockerfile"
    readme = notebook.with_name("README.md")  # a teammate ticks it in README.md
    readme.write_text(
        readme.read_text().replace("* [ ] Build the docker", "* [x] Build the docker")
    )
    page.locator(".report-nb-merge").first.click()
    notification(page, "merged", timeout=30_000)
    wait_for_evidence(page, "Build the docker files locally")
    assert marker(page, "docker build").inner_text() == "✓ Dockerfile"
