"""The hand-in beside the answer (issue 16, item 11): a side panel in a real JupyterLab shows the
current answer as the course's hand-in page renders it, live while typing, sanitised, and
switches to GitHub's view and to the whole page.
"""

from __future__ import annotations

import pytest

from labkit import Lab, answer_cell, open_report, replace_answer, report_in

pytestmark = pytest.mark.browser

TYPED = (
    "Hello **bold** text <script>window.parent.pwned = 1</script> "
    '<img src="x" onerror="window.parent.pwned = 2">\n\n'
    "| tool | use |\n|---|---|\n| dvc | data |\n"
)


def test_the_handin_panel_follows_the_answer_live_and_sanitised(lab: Lab, page) -> None:
    path = report_in(lab, "handin")
    open_report(page, lab, path)
    page.locator(".lm-MenuBar-itemLabel", has_text="Report").click()
    page.locator(".lm-Menu-itemLabel", has_text="Show Hand-in Beside the Answer").click()
    panel = page.locator("#report-nb-handin")
    panel.wait_for()
    frame = page.frame_locator(".report-nb-handin-frame")
    replace_answer(page, 6, TYPED)  # not saved: the panel shows the unsaved notebook
    frame.locator("strong", has_text="bold").wait_for(timeout=15_000)
    assert panel.get_attribute("data-question") == "question 6"
    body = frame.locator("body")
    html = body.inner_html()
    assert "<script" not in html and "onerror" not in html
    assert page.evaluate("() => window.pwned") is None
    # the course's page has no tables: the hand-in shows the pipes, GitHub a table
    assert "| tool | use |" in body.inner_text()
    assert frame.locator("table").count() == 0
    page.locator(".report-nb-handin-view").select_option("github")
    frame.locator("table td", has_text="dvc").wait_for(timeout=5_000)
    # the whole page holds the other answers too
    page.locator(".report-nb-handin-scope").select_option("page")
    frame.locator("strong", has_text="bold").wait_for(timeout=5_000)
    assert panel.get_attribute("data-question") == "whole page (hand-in view)"
    assert frame.locator("p").count() > 31
    # another answer selected: the panel follows it
    page.locator(".report-nb-handin-scope").select_option("question")
    answer_cell(page, 2).click()
    page.wait_for_function(
        "() => document.querySelector('#report-nb-handin').dataset.question === 'question 2'",
        timeout=5_000,
    )
