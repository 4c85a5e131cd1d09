"""The report in JupyterLab: a real ``jupyter lab`` driven by Chromium through Playwright.

One JupyterLab server for the module (127.0.0.1, a free port, a random token, its own root,
settings and workspaces folders; notebook windowing off so that every cell is in the DOM), one
browser. Each test imports a report into its own folder and compares what the browser shows with
``report-nb check`` of the saved notebook. Nothing is mocked: the kernel, the server extension and
the jupytext contents manager are the real ones.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_output

from report_nb.kernel import GLUE_MIME
from report_nb.notebook.cells import cell_info
from report_nb.notebook.pairing import read_notebook

from labkit import (
    BADGE_LATENCY_S,
    LATENCY_LOG,
    PNG,
    Lab,
    answer_cell,
    badges,
    cell_index,
    check,
    notification,
    open_report,
    replace_answer,
    report_in,
    save,
    with_figures,
    with_glue,
)

pytestmark = pytest.mark.browser


def test_every_badge_and_the_status_bar_equal_check(lab: Lab, page) -> None:
    path = report_in(lab, "badges")
    open_report(page, lab, path)
    expected = check(path)
    page.wait_for_function(
        "n => document.querySelectorAll('[data-report-nb-question]').length === n",
        arg=expected["total"],
    )
    assert badges(page) == {
        q["number"]: (q["words"], q["images"], q["ok"]) for q in expected["questions"]
    }
    status = page.locator("#report-nb-status")
    assert status.get_attribute("data-passed") == str(expected["passed"])
    assert status.get_attribute("data-total") == str(expected["total"])
    assert status.inner_text().startswith(f"Report {expected['passed']}/{expected['total']}")
    # every prompt cell is locked, visibly
    prompts = page.locator(".jp-Cell.report-nb-prompt")
    assert prompts.count() == expected["total"]
    assert page.locator(".jp-Cell.report-nb-prompt .report-nb-lock").count() == expected["total"]
    label = page.locator("[data-report-nb-question='14']").inner_text()
    q14 = expected["questions"][13]
    assert label.startswith(f"Q14 · {q14['words']} words")


def test_default_windowing_counts_every_question(default_lab: Lab, page) -> None:
    """Off-screen cells get their badge when scrolled into view; the status bar counts all."""
    path = report_in(default_lab, "windowed")
    open_report(page, default_lab, path)
    expected = check(path)
    status = page.locator("#report-nb-status")
    assert status.get_attribute("data-passed") == str(expected["passed"])
    assert status.get_attribute("data-total") == str(expected["total"]) == "31"
    last = page.locator("[data-report-nb-question='31']")
    for _ in range(60):  # scroll down until the last question's cells render
        if last.count():
            break
        page.locator(".jp-WindowedPanel-outer").first.evaluate(
            "el => el.scrollTo(0, el.scrollHeight)"
        )
        time.sleep(0.2)
    q31 = expected["questions"][30]
    assert last.get_attribute("data-words") == str(q31["words"])


def test_typing_updates_the_badge_before_saving_and_check_agrees(lab: Lab, page) -> None:
    path = report_in(lab, "typing")
    open_report(page, lab, path)
    before = check(path)["questions"][13]
    words = " ".join(f"w{i}" for i in range(51))  # + 6 typed = 57 words
    # the last 6 words and the image link are typed key by key; the latency runs from the last
    replace_answer(page, 14, words, " seven more words typed by hand ![loss](figures/q14_loss.png)")
    typed = time.perf_counter()
    page.wait_for_function(
        "() => { const b = document.querySelector(\"[data-report-nb-question='14']\");"
        " return b && b.dataset.words === '58' && b.dataset.images === '1'; }",
        timeout=BADGE_LATENCY_S * 1000,
        polling=20,
    )
    latency = time.perf_counter() - typed
    record_latency(latency)
    assert latency <= BADGE_LATENCY_S
    assert badges(page)[14][:2] == (58, 1)
    assert check(path)["questions"][13]["words"] == before["words"]  # not saved yet
    save(page, path)
    q14 = check(path)["questions"][13]
    assert (q14["words"], q14["images"]) == (58, 1)


def record_latency(seconds: float) -> None:
    LATENCY_LOG.parent.mkdir(parents=True, exist_ok=True)
    runs = json.loads(LATENCY_LOG.read_text()) if LATENCY_LOG.is_file() else []
    runs.append(round(seconds * 1000))
    LATENCY_LOG.write_text(json.dumps(runs[-50:]))


def test_typing_into_a_prompt_changes_nothing_and_says_why(lab: Lab, page) -> None:
    path = report_in(lab, "prompt")
    original = nbformat.read(path, as_version=4)
    open_report(page, lab, path)
    prompt = page.locator(".jp-Cell.report-nb-prompt").nth(4)  # question 5
    prompt.scroll_into_view_if_needed()
    prompt.locator(".jp-MarkdownOutput").dblclick()
    assert "locked" in notification(page, "locked", timeout=5000)
    page.keyboard.type("my answer goes here")
    page.keyboard.press("Enter")
    # a small change elsewhere makes the notebook dirty, so that the save really writes it
    replace_answer(page, 6, "Short answer typed in the browser.")
    save(page, path)
    saved = nbformat.read(path, as_version=4)
    index = cell_index(original, "prompt", 5)
    assert saved.cells[index].source == original.cells[index].source
    prompts = [c.source for c in saved.cells if cell_info(c).get("kind") == "prompt"]
    assert prompts == [c.source for c in original.cells if cell_info(c).get("kind") == "prompt"]
    assert "Short answer typed in the browser." in path.with_suffix(".md").read_text()


def test_glued_value_appears_in_rendered_markdown(lab: Lab, page) -> None:
    path = report_in(lab, "glue", with_glue)
    open_report(page, lab, path)
    glue = page.locator(".report-nb-glue[data-name='coverage']")
    glue.wait_for()
    assert "report-nb-unresolved" in (glue.get_attribute("class") or "")  # not run yet
    # a cell run before the kernel is connected is dropped: wait as a student would see it
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=60_000)
    code = page.locator(".jp-CodeCell", has_text="report_nb.glue").first
    code.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    output = code.locator(".jp-OutputArea-output")
    output.wait_for(timeout=60_000)
    assert output.inner_text().strip() == "coverage = 87.3"
    page.wait_for_function(
        "() => { const g = document.querySelector(\".report-nb-glue[data-name='coverage']\");"
        " return g && g.textContent === '87.3' && !g.classList.contains('report-nb-unresolved');}",
        timeout=10_000,
    )


def test_build_report_writes_the_readme(lab: Lab, page) -> None:
    path = report_in(lab, "build")
    readme = path.parent / "README.md"
    for name in set(re.findall(r"\(\s*(figures/[^)\s]+\.png)", readme.read_text())):
        (path.parent / name).parent.mkdir(exist_ok=True)
        (path.parent / name).write_bytes(PNG)
    open_report(page, lab, path)
    text = " ".join(f"built{i}" for i in range(120))
    replace_answer(page, 9, text)
    page.keyboard.press("Escape")
    page.locator(".report-nb-build").first.click()
    message = notification(page, "built", timeout=120_000)
    assert "README.md" in message
    assert text in readme.read_text()
    assert check(readme)["passed"] == 31


def test_merge_readme_edits_then_save_loses_nothing(lab: Lab, page) -> None:
    path = report_in(lab, "merge")
    readme = path.parent / "README.md"
    open_report(page, lab, path)
    nb, _ = read_notebook(path)
    old = nb.cells[cell_index(nb, "answer", 2)].source
    merged = "This answer was edited in README.md and merged back into the notebook."
    readme.write_text(readme.read_text().replace(old, merged))
    page.locator(".report-nb-merge").first.click()
    notification(page, "merged", timeout=30_000)
    answer_cell(page, 2).locator(".jp-MarkdownOutput", has_text="merged back").wait_for()
    typed = "And this answer was typed in JupyterLab after the merge, then saved."
    replace_answer(page, 4, typed)
    save(page, path)
    saved, _ = read_notebook(path)
    assert saved.cells[cell_index(saved, "answer", 2)].source == merged
    assert saved.cells[cell_index(saved, "answer", 4)].source == typed


def test_screenshot_for_the_readme(lab: Lab, page, tmp_path: Path) -> None:
    """The README's screenshot, written to tmp (``invoke screenshot`` writes docs/lab.png)."""

    def edit(nb) -> None:
        with_glue(nb)
        code = nb.cells[cell_index(nb, "answer", 3) + 1]
        data = {GLUE_MIME: {"name": "coverage", "text": "87.3"}, "text/plain": "coverage = 87.3"}
        code.outputs = [new_output("display_data", data=data)]  # as after running the cell
        code.execution_count = 1
        nb.cells[cell_index(nb, "answer", 5)].source = "We used uv, a lock file and a devcontainer."

    path = report_in(lab, "screenshot", edit)
    with_figures(path)
    page.set_viewport_size({"width": 1400, "height": 1300})
    open_report(page, lab, path)
    page.locator(".report-nb-glue[data-name='coverage']", has_text="87.3").wait_for()
    page.locator("[data-report-nb-question='5'][data-ok='false']").wait_for()
    prompt = page.locator(".jp-Cell.report-nb-prompt").nth(2)
    prompt.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.locator("#report-nb-status").click()
    page.locator("#report-nb-panel li").first.wait_for()
    time.sleep(0.5)
    # the README's docs/lab.png changes only on purpose: `invoke screenshot` sets the variable
    target = Path(os.environ.get("REPORT_NB_SCREENSHOT") or tmp_path / "lab.png")
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
