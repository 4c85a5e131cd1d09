"""The writing room in JupyterLab (issue 16): menus and shortcuts, notices, the dashboard,
whole errors, build progress, merge without undo across it, prompts that stay in place, theme
colours that read, the lock label beside the cell toolbar, and a fresh import that opens
unmodified. A real ``jupyter lab`` in Chromium (fixtures in conftest, helpers in labkit).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from nbformat.v4 import new_code_cell, new_output

from report_nb.kernel import GLUE_MIME
from report_nb.notebook.pairing import read_notebook

from labkit import (
    PNG,
    SETTINGS,
    Lab,
    answer_cell,
    cell_index,
    notification,
    open_report,
    report_in,
    sleeping,
    start_lab,
    with_figures,
    with_glue,
)

pytestmark = pytest.mark.browser

THEMES = "@jupyterlab/apputils-extension/themes.jupyterlab-settings"


@pytest.fixture(scope="module")
def dark_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab in its dark theme."""
    settings = {**SETTINGS, THEMES: {"theme": "JupyterLab Dark"}}
    yield from start_lab(tmp_path_factory.mktemp("dark_lab"), settings)


def order(page) -> list[str]:
    """The report_nb kind and question of each cell in the DOM, as 'prompt 4'."""
    return page.eval_on_selector_all(
        ".jp-Notebook .jp-Cell",
        "els => els.map(e => e.classList.contains('report-nb-prompt') ? 'prompt' :"
        " e.querySelector('[data-report-nb-question]') ? 'badge ' +"
        " e.querySelector('[data-report-nb-question]').dataset.reportNbQuestion : 'cell')",
    )


def test_report_menu_and_shortcuts_that_clash_with_nothing(lab: Lab, page) -> None:
    path = report_in(lab, "menu")
    open_report(page, lab, path)
    page.locator(".lm-MenuBar-itemLabel", has_text="Report").click()
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    for label in ("Build Report", "Cancel Build", "Check Report", "Merge README Edits"):
        assert label in items
    page.keyboard.press("Escape")
    # every shortcut JupyterLab and its extensions declare: none starts like ours
    settings = page.evaluate(
        "async () => (await (await fetch('/lab/api/settings?token=' +"
        " new URLSearchParams(location.search).get('token'))).json()).settings"
    )
    ours, others = [], []
    for plugin in settings:
        for shortcut in plugin.get("schema", {}).get("jupyter.lab.shortcuts", []):
            keys = shortcut.get("keys", [])
            (ours if shortcut["command"].startswith("report-nb:") else others).append(keys)
    assert len(ours) == 5
    firsts = {tuple(k[:1]) for k in ours}
    assert all(tuple(k[:1]) not in firsts for k in others if k)
    # Alt+R, C in command mode runs Check. JupyterLab drops a chord whose second key it reads
    # more than a second after the first: a page busy rendering (two workers on two cores) can
    # take that long, so the chord is pressed again if no check answers
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(4):
        page.locator(".jp-Cell.report-nb-prompt").first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("Alt+r")
        page.keyboard.press("c")
        try:
            assert "passed" in notification(page, "report-nb check", timeout=15_000)
            break
        except PlaywrightTimeout:
            assert attempt < 3, "Alt+R, C never ran Check"


def test_lock_notices_do_not_pile_up(lab: Lab, page) -> None:
    path = report_in(lab, "notices")
    open_report(page, lab, path)
    prompt = page.locator(".jp-Cell.report-nb-prompt").nth(3)
    for _ in range(4):
        prompt.dblclick()
        page.keyboard.press("Escape")
        page.keyboard.press("Enter")
        page.keyboard.type("ab")
        time.sleep(1.5)  # 6 s in all: longer than a notice's life, so each would be new
    notification(page, "locked", timeout=5000)
    assert page.locator(".Toastify__toast", has_text="locked").count() == 1
    # the notification centre holds one entry, not one per attempt
    assert page.locator(".jp-Notification-Status").inner_text().strip() == "1"


def short_q5(nb) -> None:
    nb.cells[cell_index(nb, "answer", 5)].source = "Too short."


def test_dashboard_puts_the_summary_and_failing_questions_first(lab: Lab, page) -> None:
    path = report_in(lab, "dashboard", short_q5)
    open_report(page, lab, path)
    page.locator("[data-report-nb-question='5'][data-ok='false']").wait_for()
    page.locator("#report-nb-status").click()
    summary = page.locator("#report-nb-panel .report-nb-summary")
    summary.wait_for()
    assert re.match(r"30/31 questions pass · 1 failing", summary.inner_text())
    first = page.locator("#report-nb-panel .report-nb-group").first
    assert first.get_attribute("data-question") == "5"
    assert "report-nb-fail" in (first.get_attribute("class") or "")
    groups = page.locator("#report-nb-panel .report-nb-group")
    fails = [
        ("report-nb-fail" in (c or ""))
        for c in groups.evaluate_all("els => els.map(e => e.className)")
    ]
    assert fails == sorted(fails, reverse=True)  # failing before warnings
    first.click()
    active = page.locator(".jp-Cell.jp-mod-active [data-report-nb-question]")
    active.wait_for(timeout=5000)
    assert active.get_attribute("data-report-nb-question") == "5"


def test_a_refused_build_shows_every_problem_and_the_remedy(lab: Lab, page) -> None:
    path = report_in(lab, "refused", short_q5)  # and no figures: several problems
    open_report(page, lab, path)
    page.locator(".report-nb-build").first.click()
    toast = notification(page, "report-nb build:", timeout=120_000)
    count = int(re.search(r"(\d+) problem", toast).group(1))
    assert count >= 3
    page.locator(".Toastify__toast", has_text="report-nb build:").get_by_role(
        "button", name="Details"
    ).click()
    lines = page.locator(".report-nb-details li").all_inner_texts()
    assert len(lines) == 1 + count + 1
    assert any("question 5" in line for line in lines)
    assert lines[-1].startswith("To fix it:") and "--no-strict" in lines[-1]


def test_a_build_shows_its_progress_with_cancel(lab: Lab, page) -> None:
    path = report_in(lab, "progress", sleeping(8))
    with_figures(path)
    open_report(page, lab, path)
    page.locator(".report-nb-build").first.click()
    running = page.locator(".Toastify__toast", has_text="building")
    running.wait_for(timeout=30_000)
    assert running.get_by_role("button", name="Cancel").is_visible()
    # the toast names the running question and cell, as the CLI's progress does
    page.locator(".Toastify__toast", has_text="building: question 3, cell ").wait_for(
        timeout=60_000
    )
    notification(page, "built", timeout=120_000)


def test_cancel_on_the_build_toast_stops_the_build(lab: Lab, page) -> None:
    path = report_in(lab, "cancel-toast", sleeping(120))
    with_figures(path)
    readme = (path.parent / "README.md").read_text()
    open_report(page, lab, path)
    page.locator(".report-nb-build").first.click()
    running = page.locator(".Toastify__toast", has_text="building: question 3, cell ")
    running.wait_for(timeout=60_000)
    start = time.monotonic()
    running.get_by_role("button", name="Cancel").click()
    notification(page, "cancelled", timeout=60_000)
    assert time.monotonic() - start < 45  # the 120 s cell was interrupted
    assert (path.parent / "README.md").read_text() == readme


def test_merge_names_the_questions_and_leaves_no_undo_across_it(lab: Lab, page) -> None:
    path = report_in(lab, "undo")
    readme = path.parent / "README.md"
    open_report(page, lab, path)
    nb, _ = read_notebook(path)
    old = nb.cells[cell_index(nb, "answer", 2)].source
    merged = "This answer was edited in README.md and merged back into the notebook."
    readme.write_text(readme.read_text().replace(old, merged))
    page.locator(".report-nb-merge").first.click()
    assert "question 2 " in notification(page, "merged", timeout=30_000)
    cell = answer_cell(page, 2)
    cell.locator(".jp-MarkdownOutput", has_text="merged back").wait_for()
    cell.locator(".jp-MarkdownOutput").click()
    page.keyboard.press("Escape")
    for _ in range(3):
        page.keyboard.press("z")
    time.sleep(0.5)
    assert cell.locator(".jp-MarkdownOutput", has_text="merged back").count() == 1
    assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0


def test_a_prompt_cannot_move_against_its_answer(lab: Lab, page) -> None:
    path = report_in(lab, "move")
    open_report(page, lab, path)
    before = order(page)
    prompt = page.locator(".jp-Cell.report-nb-prompt").nth(3)  # question 4
    prompt.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Shift+ArrowDown")
    assert "cannot move" in notification(page, "cannot move", timeout=5000)
    time.sleep(0.3)
    assert order(page) == before
    answer_cell(page, 4).click()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Shift+ArrowUp")
    time.sleep(0.5)
    assert order(page) == before


CONTRAST = """
sel => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0,0,0,0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const blend = (t, b) => [0, 1, 2].map(i => t[i] * t[3] + b[i] * (1 - t[3])).concat([1]);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const el = document.querySelector(sel);
  if (!el) return null;
  const layers = [];
  for (let n = el; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  for (const l of layers.reverse()) bg = blend(l, bg);
  const fg = blend(parse(getComputedStyle(el).color), bg);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""

#: What report-nb colours, by selector.
COLOURED = {
    "passing badge": "[data-report-nb-question='1'] .report-nb-badge-label",
    "failing badge": "[data-report-nb-question='5'] .report-nb-badge-label",
    "glued value": ".report-nb-glue:not(.report-nb-unresolved)",
    "unresolved value": ".report-nb-glue.report-nb-unresolved",
    "lock label": ".report-nb-lock",
    "placeholder hint": ".report-nb-hint",
    "status bar": "#report-nb-status",
    "badge note": "[data-report-nb-question='5'] .report-nb-badge-notes li",
}


def coloured(nb) -> None:
    with_glue(nb)
    code = nb.cells[cell_index(nb, "answer", 3) + 1]
    data = {GLUE_MIME: {"name": "coverage", "text": "87.3"}, "text/plain": "coverage = 87.3"}
    code.outputs = [new_output("display_data", data=data)]
    index = cell_index(nb, "answer", 7)
    nb.cells[index].source = "Missing {{ nothing }} here, " + nb.cells[index].source
    nb.cells[cell_index(nb, "answer", 5)].source = "Too short."
    nb.cells[cell_index(nb, "answer", 9)].source = "--- question 9 fill here ---"


@pytest.mark.parametrize("theme", ["lab", "dark_lab"])
def test_colours_read_in_the_light_and_dark_themes(theme: str, request, page) -> None:
    lab = request.getfixturevalue(theme)
    path = report_in(lab, "colours", coloured)
    open_report(page, lab, path)
    page.locator(".report-nb-glue[data-name='coverage']", has_text="87.3").wait_for()
    page.locator(".report-nb-hint").first.wait_for()
    page.locator("[data-report-nb-question='5'] .report-nb-badge-label").click()
    ratios = {name: page.evaluate(CONTRAST, sel) for name, sel in COLOURED.items()}
    assert all(r is not None for r in ratios.values()), ratios
    low = {name: round(r, 2) for name, r in ratios.items() if r < 4.5}
    assert not low, low
    dark = page.evaluate("document.body.dataset.jpThemeLight") == "false"
    assert dark == (theme == "dark_lab")


def test_the_lock_label_leaves_the_cell_toolbar_free(lab: Lab, page) -> None:
    path = report_in(lab, "toolbar")
    open_report(page, lab, path)
    prompt = page.locator(".jp-Cell.report-nb-prompt").nth(2)
    prompt.click()
    toolbar = prompt.locator(".jp-cell-toolbar button")
    toolbar.first.wait_for(timeout=10_000)
    lock = prompt.locator(".report-nb-lock").bounding_box()
    assert lock and lock["width"] > 0
    for box in [toolbar.nth(i).bounding_box() for i in range(toolbar.count())]:
        if not box:
            continue
        apart = (
            box["x"] >= lock["x"] + lock["width"]
            or lock["x"] >= box["x"] + box["width"]
            or box["y"] >= lock["y"] + lock["height"]
            or lock["y"] >= box["y"] + box["height"]
        )
        assert apart, (box, lock)


def test_a_fresh_import_opens_unmodified(default_lab: Lab, page) -> None:
    path = report_in(default_lab, "fresh")
    open_report(page, default_lab, path)
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=60_000)
    time.sleep(1.5)  # the kernel's info is written into the model as it connects
    assert page.locator(".lm-TabBar-tab.jp-mod-current").count() == 1
    assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0


def test_undo_merge_from_the_toast(lab: Lab, page) -> None:
    path = report_in(lab, "undomerge")
    readme = path.parent / "README.md"
    open_report(page, lab, path)
    nb, _ = read_notebook(path)
    old = nb.cells[cell_index(nb, "answer", 2)].source
    readme.write_text(readme.read_text().replace(old, "A teammate's text, merged then undone."))
    page.locator(".report-nb-merge").first.click()
    toast = page.locator(".Toastify__toast", has_text="merged")
    toast.wait_for(timeout=30_000)
    answer_cell(page, 2).locator(".jp-MarkdownOutput", has_text="merged then undone").wait_for()
    toast.get_by_role("button", name="Undo merge").click()
    notification(page, "back as it was", timeout=30_000)
    answer_cell(page, 2).locator(".jp-MarkdownOutput", has_text=old.split("\n")[0][:40]).wait_for()
    saved, _ = read_notebook(path)
    assert saved.cells[cell_index(saved, "answer", 2)].source == old


def test_a_merge_conflict_shows_both_texts(lab: Lab, page) -> None:
    """Question 3's answer is made by a code cell (a glued value): a README edit conflicts."""
    path = report_in(lab, "conflict", with_glue)
    readme = path.parent / "README.md"
    nb, _ = read_notebook(path)
    old = import_text(readme, 3)
    readme.write_text(readme.read_text().replace(old, "The README's side of question three."))
    open_report(page, lab, path)
    page.locator(".report-nb-merge").first.click()
    notification(page, "nothing was merged", timeout=30_000)
    page.locator(".Toastify__toast", has_text="nothing was merged").get_by_role(
        "button", name="Details"
    ).click()
    text = page.locator(".report-nb-details").inner_text()
    assert "Question 3 in the notebook:" in text and "{{ coverage }}" in text
    assert "Question 3 in README.md:\nThe README's side of question three." in text
    saved, _ = read_notebook(path)
    assert (
        saved.cells[cell_index(saved, "answer", 3)].source
        == nb.cells[cell_index(nb, "answer", 3)].source
    )


def import_text(readme, number: int) -> str:
    """Question ``number``'s answer as the README holds it."""
    from report_nb.core.template import parse

    report = parse(readme.read_text(), str(readme))
    return next(q for q in report.questions if q.number == number).answer.text.strip()


def drag(page, source, target) -> None:
    """Drag ``source`` cell by its prompt area onto the lower part of ``target``, as a mouse."""
    start = source.locator(".jp-InputPrompt").bounding_box()
    end = target.bounding_box()
    x, y = start["x"] + 10, start["y"] + start["height"] / 2  # below the lock label
    page.mouse.move(x, y)
    page.mouse.down()
    steps = 20
    for step in range(1, steps + 1):
        page.mouse.move(x + step, y + (end["y"] + end["height"] * 0.7 - y) * step / steps)
        time.sleep(0.02)
    page.mouse.up()


def test_drag_and_drop_cannot_move_a_prompt_against_its_answer(lab: Lab, page) -> None:
    def edit(nb) -> None:
        nb.cells.insert(cell_index(nb, "answer", 3) + 1, new_code_cell("x = 'a free cell'"))

    path = report_in(lab, "drag", edit)
    page.set_viewport_size({"width": 1400, "height": 1200})
    open_report(page, lab, path)
    prompts = page.locator(".jp-Cell.report-nb-prompt")
    # a free code cell can be dragged (so the drag below is a real one)
    free = page.locator(".jp-CodeCell", has_text="a free cell").first
    free.scroll_into_view_if_needed()
    before = page.locator(".jp-Notebook .jp-Cell").evaluate_all(
        "els => els.findIndex(e => e.textContent.includes('a free cell'))"
    )
    drag(page, free, prompts.nth(2))
    time.sleep(0.5)
    after = page.locator(".jp-Notebook .jp-Cell").evaluate_all(
        "els => els.findIndex(e => e.textContent.includes('a free cell'))"
    )
    assert after < before
    # a prompt dragged below its answer is put back, with a notice
    kept = order(page)
    prompts.nth(1).scroll_into_view_if_needed()
    drag(page, prompts.nth(1), prompts.nth(2))
    assert "cannot move" in notification(page, "cannot move", timeout=5000)
    time.sleep(0.3)
    assert order(page) == kept


def test_a_missing_image_is_flagged_on_its_badge_naming_the_file(lab: Lab, page) -> None:
    # the fixture's question 14 links two figures; only one is there, the other is missing
    path = report_in(lab, "images")
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "wandb_curves.png").write_bytes(PNG)
    open_report(page, lab, path)
    badge = page.locator("[data-report-nb-question='14']")
    badge.wait_for()
    label = badge.locator(".report-nb-badge-label").inner_text()
    assert "2 images (1-3) ✓ · 1 image broken" in label
    assert "⚠" in label
    badge.locator(".report-nb-badge-label").click()
    notes = badge.inner_text()
    assert "figures/wandb_sweep.png not found" in notes
    assert "wandb_curves.png" not in notes.replace("figures/wandb_curves.png)", "")
