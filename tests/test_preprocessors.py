"""The preprocessors on notebooks with stored outputs: glue, figure names, validation findings."""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_output

from report_nb.errors import BuildError
from report_nb.preprocessors import (
    GluePreprocessor,
    SaveFiguresPreprocessor,
    ValidateReportPreprocessor,
)
from report_nb.protocol import GLUE_MIME, STALE_MIME
from report_nb.resources import ReportResources

from builders import words
from projects import make_project, tiny_png


def glue_output(name: str, text: str) -> nbformat.NotebookNode:
    return new_output("display_data", data={GLUE_MIME: {"name": name, "text": text}})


def image_output(name: str | None = None) -> nbformat.NotebookNode:
    metadata = {"report_nb": {"name": name}} if name else {}
    return new_output(
        "display_data",
        data={"image/png": base64.b64encode(tiny_png()).decode(), "text/plain": "<Figure>"},
        metadata=metadata,
    )


def code_with(*outputs: nbformat.NotebookNode, **metadata: object) -> nbformat.NotebookNode:
    cell = new_code_cell("# produced these outputs", metadata=metadata)
    cell.outputs = list(outputs)
    return cell


def notebook(tmp_path: Path, **kwargs: object) -> tuple[nbformat.NotebookNode, dict]:
    nb_path = make_project(tmp_path, **kwargs)
    resources = {"metadata": {"path": str(nb_path.parent)}}
    return nbformat.read(nb_path, as_version=4), resources


def test_glue_fills_placeholders_and_leaves_imported_braces(tmp_path: Path) -> None:
    nb, resources = notebook(
        tmp_path,
        answers={4: "Literal {{ braces }} from the README. " + words(100)},
        edits={5: "Coverage {{ coverage }}% and {{coverage}} again; ${{ secrets.KEY }} stays."},
        code={5: [code_with(glue_output("coverage", "87"))]},
    )
    nb, resources = GluePreprocessor(enabled=True)(nb, resources)
    sources = [c.source for c in nb.cells]
    assert "Coverage 87% and 87 again; ${{ secrets.KEY }} stays." in sources
    assert any(s.startswith("Literal {{ braces }}") for s in sources)
    assert ReportResources.of(resources).glue == {"coverage": "87"}


def test_missing_glue_value_names_question_and_name(tmp_path: Path) -> None:
    nb, resources = notebook(tmp_path, edits={9: "Latency {{ p95 }} ms."})
    with pytest.raises(BuildError) as caught:
        GluePreprocessor(enabled=True, allow_missing=False)(nb, resources)
    assert caught.value.question == 9 and "'{{ p95 }}' has no value" in str(caught.value)


def test_missing_glue_value_fails_its_question(tmp_path: Path) -> None:
    nb, resources = notebook(tmp_path, edits={9: "Latency {{ p95 }} ms. " + words(120)})
    nb, resources = GluePreprocessor(enabled=True)(nb, resources)
    assert ReportResources.of(resources).unresolved == [(9, "p95")]
    _, resources = ValidateReportPreprocessor(enabled=True, strict=False)(nb, resources)
    check = ReportResources.of(resources).check
    assert check is not None
    [failing] = [q for q in check.questions if not q.ok]
    assert failing.number == 9 and "run the cell" in failing.problems[0]
    assert failing.words == 125  # counted as the grader counts the raw text


def test_figures_get_stable_names_per_question(tmp_path: Path) -> None:
    cells = [
        code_with(image_output("loss")),
        code_with(image_output(), image_output(), report_nb={"figure": ["sweep"]}),
        code_with(image_output("loss")),
    ]
    nb, resources = notebook(tmp_path, code={14: cells})
    nb, resources = SaveFiguresPreprocessor(enabled=True)(nb, resources)
    assert sorted(resources["outputs"]) == [
        "figures/q14_3.png",
        "figures/q14_loss.png",
        "figures/q14_loss_2.png",
        "figures/q14_sweep.png",
    ]
    assert resources["outputs"]["figures/q14_loss.png"] == tiny_png()
    # an extra cell above changes no name: names come from the question and the author
    nb2, resources2 = notebook(tmp_path / "again", code={14: [new_code_cell("x = 1"), *cells]})
    _, resources2 = SaveFiguresPreprocessor(enabled=True)(nb2, resources2)
    assert sorted(resources2["outputs"]) == sorted(resources["outputs"])


def test_validate_records_findings_and_stale_sources(tmp_path: Path) -> None:
    answer = (
        words(240) + "\n\n![ok](figures/q14_0.png) ![enc](figures/my%20shot.png)"
        " ![far](../elsewhere.png) ![svg](figures/d.svg) ![web](https://example.org/a.png)"
    )
    stale = new_output(
        "display_data", data={STALE_MIME: {"source": "wandb:e/p/r", "saved_at": "2026-11-20"}}
    )
    nb, resources = notebook(tmp_path, answers={14: answer}, code={14: [code_with(stale)]})
    (tmp_path / "reports" / "figures" / "my shot.png").write_bytes(tiny_png())
    (tmp_path / "elsewhere.png").write_bytes(tiny_png())
    prompt = next(c for c in nb.cells if c.metadata["report_nb"].get("question") == 3)
    prompt.source += " (edited)"
    nb, resources = ValidateReportPreprocessor(enabled=True, strict=False)(nb, resources)
    found = {
        (f.question, f.message.split(" ")[0], f.error)
        for f in ReportResources.of(resources).findings
    }
    assert found == {(14, "image", True), (14, "remote", False), (3, "the", True)}
    messages = " ".join(f.message for f in ReportResources.of(resources).findings)
    assert "outside figures/" in messages and "only .png, .jpg and .jpeg" in messages
    assert "my%20shot" not in messages  # URL-encoded path found on disk
    assert "prompt of question 3 was changed" in messages
    assert ReportResources.of(resources).stale == {14: ["wandb:e/p/r (saved 2026-11-20)"]}
    with pytest.raises(BuildError, match="problem"):
        ValidateReportPreprocessor(enabled=True, strict=True)(nb, resources)


def test_validate_strict_fails_on_limits_and_passes_a_good_report(tmp_path: Path) -> None:
    nb, resources = notebook(tmp_path, answers={7: words(10)})
    with pytest.raises(BuildError, match=r"question 7: too few words: 10 < 50"):
        ValidateReportPreprocessor(enabled=True)(nb, resources)
    good, resources = notebook(tmp_path / "good")
    _, resources = ValidateReportPreprocessor(enabled=True)(good, resources)
    assert ReportResources.of(resources).check.passed == 31


def test_svg_only_figure_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    svg = new_output("display_data", data={"image/svg+xml": "<svg/>", "text/plain": "<Figure>"})
    nb, resources = notebook(tmp_path, code={12: [code_with(svg)]})
    nb, resources = SaveFiguresPreprocessor(enabled=True)(nb, resources)
    _, resources = ValidateReportPreprocessor(enabled=True)(nb, resources)
    assert resources["outputs"] == {}
    [finding] = ReportResources.of(resources).findings
    assert finding.question == 12 and "image/svg+xml is left out" in finding.message


@pytest.mark.parametrize(
    ("link", "error", "said"),
    [
        pytest.param(
            "/reports/figures/q14_0.png",
            True,
            "GitHub shows {root}/reports/figures/q14_0.png, from the repository root",
            id="from-the-repository-root",
        ),
        pytest.param(
            "/figures/q14_0.png",
            False,
            "GitHub looks for it at the repository root ({root}/figures/q14_0.png: not there)",
            id="beside-the-readme-but-not-on-github",
        ),
    ],
)
def test_a_leading_slash_is_explained(tmp_path: Path, link: str, error: bool, said: str) -> None:
    import subprocess

    from report_nb.core.model import Report
    from report_nb.core.template import parse
    from report_nb.preprocessors.validate import image_findings

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    nb_path = make_project(tmp_path)
    reports = nb_path.parent
    text = (reports / "README.md").read_text(encoding="utf-8")
    report: Report = parse(text.replace("](figures/q14_0.png)", f"]({link})", 1))
    [finding] = [f for f in image_findings(report, reports) if f.question == 14]
    root = tmp_path.resolve()
    assert finding.error is error
    assert finding.message.startswith(
        f"image {link}: a leading '/' is the repository root on GitHub, not the README's folder: "
    )
    assert said.format(root=root) in finding.message
    assert (
        "the hand-in page, opened from the README's folder, looks for it at the root of the "
        "disk and shows a broken image"
    ) in finding.message
    assert finding.message.endswith("; write figures/q14_0.png")
