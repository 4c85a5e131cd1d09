"""Stored outputs of code cells as answer Markdown."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_output

from report_nb.errors import NotebookError
from report_nb.notebook.outputs import cell_markdown
from report_nb.protocol import GLUE_MIME


def cell(*outputs, tags=()):
    code = new_code_cell("hidden()", metadata={"tags": list(tags)})
    code.outputs = list(outputs)
    return code


def stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def display(data, **metadata):
    return new_output("display_data", data=data, metadata=metadata)


def test_outputs_in_order() -> None:
    png = display(
        {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
        filenames={"image/png": "figures/q3_loss.png"},
        report_nb={"alt": "Loss"},
    )
    md = display({"text/markdown": ["| a |\n", "| - |\n"], "text/plain": "<Table>"})
    text = cell(
        stream("first\n"),
        stream("second\n"),
        stream("warning!\n", "stderr"),
        md,
        png,
        display({GLUE_MIME: {"name": "x", "text": "1"}}),
        new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
    )
    assert cell_markdown(text, 3) == (
        "    first\n    second\n\n| a |\n| - |\n\n![Loss](figures/q3_loss.png)\n\n    42"
    )


@pytest.mark.parametrize(
    "repr_text",
    [
        "<Figure size 640x480 with 1 Axes>",
        "[<matplotlib.lines.Line2D at 0x7f3b2c1d0a90>]",
        "<matplotlib.legend.Legend at 0x7f3b2c1d0a90>",
    ],
)
def test_object_reprs_are_not_answer_text(repr_text: str) -> None:
    out = new_output("execute_result", data={"text/plain": repr_text}, execution_count=1)
    assert cell_markdown(cell(out), 1) == ""


def test_hidden_cell_and_fence_inside_text() -> None:
    assert cell_markdown(cell(stream("x\n"), tags=["hide-output"]), 1) == ""
    assert cell_markdown(cell(stream("```\ncode\n```\n")), 1) == "    ```\n    code\n    ```"


def test_error_output_and_unnamed_figure_are_errors() -> None:
    error = new_output("error", ename="ValueError", evalue="bad", traceback=[])
    with pytest.raises(NotebookError, match="a code cell failed: ValueError: bad"):
        cell_markdown(cell(error), 5)
    with pytest.raises(NotebookError, match="no file name yet") as caught:
        cell_markdown(cell(display({"image/png": "iVBORw0KGgo="})), 7)
    assert caught.value.question == 7


def test_alt_text_cannot_break_the_image_link() -> None:
    from report_nb.core.rules import count_images

    png = display(
        {"image/png": "iVBORw0KGgo="},
        filenames={"image/png": "figures/q3_loss.png"},
        report_nb={"alt": "loss [log](scale)\nsecond line"},
    )
    text = cell_markdown(cell(png), 3)
    assert text == r"![loss \[log\](scale) second line](figures/q3_loss.png)"
    assert count_images(text) == 1


def test_display_html_is_left_out_with_a_warning() -> None:
    from nbformat.v4 import new_markdown_cell, new_notebook

    from report_nb.preprocessors.validate import dropped_outputs

    html = display({"text/html": "<b>bold</b>", "text/plain": "<IPython.core.display.HTML object>"})
    frame = display({"text/html": "<table></table>", "text/plain": "   a\n0  1"})
    code = cell(html, frame)
    assert cell_markdown(code, 3) == "       a\n    0  1"  # a DataFrame keeps its text
    prompt = new_markdown_cell(
        "### Question 3", metadata={"report_nb": {"kind": "prompt", "question": 3}}
    )
    [finding] = dropped_outputs(new_notebook(cells=[prompt, code]))
    assert finding.question == 3 and "display(HTML(...))" in finding.message
