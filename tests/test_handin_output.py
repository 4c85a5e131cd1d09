"""report-nb's own output renders alike on GitHub and in the hand-in page, never warned about.

The hand-in page is ``markdown.markdown(text[43:])`` (Python-Markdown, no extensions), as the
course's ``report.py html`` and ``report-nb html --as-grader`` make it. GitHub's renderer is
CommonMark with GFM tables, played here by markdown-it-py in CommonMark mode with its table rule.
Each test renders a README report-nb wrote with both and compares what a reader sees: code blocks
(``<pre><code>``), table cells, list items, images.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from report_nb.cli import main
from report_nb.commands.checking import check
from report_nb.core.handin import handin_html
from report_nb.core.rules import count_words
from report_nb.live.tables import Markdown, MarkdownTable
from report_nb.notebook.outputs import LIST_END, cell_markdown

from projects import make_project, tiny_png

PRINTED = "epoch 1: loss 0.52\n\tindented by a tab\n# not a heading\n\nepoch 2: loss 0.31\n"
TABLE = MarkdownTable(
    ["file", "cover", "note"],
    [["src/app/__init__.py", 0.875, ""], ["a<b & c", 12, Markdown("**kept**")]],
    ["left", "right"],
)


def github_html(text: str) -> str:
    """GitHub's view: CommonMark with pipe tables, raw HTML passed through."""
    return MarkdownIt("commonmark").enable("table").render(text)


def seen(page: str) -> dict[str, list[str]]:
    """What a reader sees: code blocks, table cells, list items and images, in order."""
    cells = re.findall(r"<t[hd]>(.*?)</t[hd]>", page, re.DOTALL)
    return {
        "code": [
            html.unescape(c) for c in re.findall(r"<pre><code>(.*?)</code></pre>", page, re.S)
        ],
        "cells": [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in cells],
        "items": [
            re.sub(r"\s+", " ", i).strip() for i in re.findall(r"<li>(.*?)</li>", page, re.S)
        ],
        "images": re.findall(r'<img [^>]*src="([^"]+)"', page),
    }


def display(data: dict, **metadata: object) -> nbformat.NotebookNode:
    return new_output("display_data", data=data, metadata=metadata)


def stored(*outputs: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell = new_code_cell("hidden()")
    cell.outputs = list(outputs)
    return cell


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A README written by ``report-nb export`` from stored outputs of every kind we emit."""
    folder = tmp_path_factory.mktemp("handin")
    nb_path = make_project(
        folder,
        code={
            5: [
                stored(new_output("stream", name="stdout", text=PRINTED)),
                stored(display({"image/png": base64.b64encode(tiny_png()).decode()})),
            ],
            6: [stored(display({"text/markdown": TABLE._repr_markdown_(), "text/plain": "<T>"}))],
        },
    )
    nb = nbformat.read(nb_path, as_version=4)
    index = next(
        i
        for i, c in enumerate(nb.cells)
        if c.metadata.get("report_nb", {}).get("question") == 7
        and c.metadata["report_nb"]["kind"] == "answer"
    )
    listed = new_markdown_cell("We ran three checks:\n\n- ruff\n- mypy\n- pytest")
    printed = stored(new_output("stream", name="stdout", text="3 passed\n"))
    nb.cells[index + 1 : index + 1] = [listed, printed]
    nbformat.write(nb, nb_path)
    (nb_path.parent / "report.md").unlink()  # the .ipynb alone holds the added cells
    assert main(["export", str(nb_path)]) == 0
    return nb_path.parent / "README.md"


def test_printed_text_is_an_indented_block_after_a_blank_line(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    assert "```" not in text
    assert "\n\n    epoch 1: loss 0.52\n        indented by a tab\n    # not a heading\n\n" in text


def test_both_renderers_show_the_printed_lines_as_code(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    expected = "epoch 1: loss 0.52\n    indented by a tab\n# not a heading\n\nepoch 2: loss 0.31\n"
    hand_in, github = seen(handin_html(text)), seen(github_html(text))
    assert expected in hand_in["code"]
    assert hand_in["code"] == github["code"]
    assert "<h1>not a heading</h1>" not in handin_html(text)


def test_a_table_is_a_table_in_both(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    cells = ["file", "cover", "note", "src/app/__init__.py", "0.88", "", "a<b & c", "12", "kept"]
    page = handin_html(text)
    assert seen(page)["cells"] == cells == seen(github_html(text))["cells"]
    assert "<strong>kept</strong>" in page and "|" not in TABLE.to_html()


def test_the_checker_counts_the_words_of_the_table_and_one_more(exported: Path) -> None:
    html_table = TABLE.to_html()
    content = "file cover note src/app/__init__.py 0.88 a<b & c 12 **kept**"
    assert count_words(html_table) == len(content.split()) + 1  # border="1"


def test_a_list_then_printed_text_stays_a_list_and_code_in_both(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    assert f"- pytest\n\n{LIST_END}\n\n    3 passed" in text
    for page in (handin_html(text), github_html(text)):
        view = seen(page)
        assert [i for i in view["items"] if i in {"ruff", "mypy", "pytest"}] == [
            "ruff",
            "mypy",
            "pytest",
        ]
        assert "3 passed\n" in view["code"]
        assert "<li>pytest</li>" in page  # the code did not continue the last item


def test_figures_are_images_in_both(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    images = seen(handin_html(text))["images"]
    assert images == seen(github_html(text))["images"]
    assert "figures/q5_1.png" in images and (exported.parent / "figures/q5_1.png").is_file()


def test_check_never_warns_about_our_own_output(exported: Path) -> None:
    result = check(exported)
    ours = [w for w in result.warnings if w.question in (5, 6, 7)]
    assert ours == [], [w.message for w in ours]
    assert result.ok


@pytest.mark.parametrize(
    ("before", "separated"),
    [
        pytest.param("- a\n- b", True, id="tight-list"),
        pytest.param("1. a\n\n   more about a", True, id="item-continuation"),
        pytest.param("- a\nlazy line", True, id="lazy-continuation"),
        pytest.param("Plain text.", False, id="paragraph"),
        pytest.param("> quoted", False, id="quote"),
        pytest.param("    earlier output", False, id="code-continues"),
    ],
)
def test_list_end_only_where_a_list_would_swallow_the_code(before: str, separated: bool) -> None:
    out = stored(
        display({"text/markdown": before}), new_output("stream", name="stdout", text="x = 1\n")
    )
    text = cell_markdown(out, 3)
    assert (LIST_END in text) is separated
    for page in (handin_html("." * 43 + text), github_html(text)):
        assert seen(page)["code"][-1].endswith("x = 1\n")  # a block of its own, or continued


@pytest.mark.kernel
def test_a_real_build_renders_alike_in_both(tmp_path: Path) -> None:
    table = (
        "from report_nb.live.tables import MarkdownTable\n"
        'MarkdownTable(["metric", "value"], [["accuracy", 0.91], ["loss", 0.25]])'
    )
    printed = 'print("train done")\nprint("  step\\t2")'
    nb_path = make_project(tmp_path, code={10: [table], 11: [printed]})
    assert main(["build", str(nb_path), "-q", "--no-html"]) == 0
    text = (nb_path.parent / "README.md").read_text(encoding="utf-8")
    hand_in, github = seen(handin_html(text)), seen(github_html(text))
    assert (
        hand_in["cells"]
        == github["cells"]
        == ["metric", "value", "accuracy", "0.91", "loss", "0.25"]
    )
    assert "train done\n  step  2\n" in hand_in["code"]
    assert hand_in["code"] == github["code"]
    assert not [w for w in check(nb_path.parent / "README.md").warnings if w.question in (10, 11)]


def test_printed_text_as_the_whole_answer(tmp_path: Path) -> None:
    printed = stored(new_output("stream", name="stdout", text="only output\n"))
    nb_path = make_project(tmp_path, edits={12: ""}, code={12: [printed]})
    (nb_path.parent / "report.md").unlink()
    assert main(["export", str(nb_path), "--force"]) == 0
    readme = nb_path.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "> Answer:\n\n    only output\n\n" in text
    for page in (handin_html(text), github_html(text)):
        assert "only output\n" in seen(page)["code"]
    assert 12 in [q.number for q in check(readme).questions]
