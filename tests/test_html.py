"""The HTML report: view model, sanitising, self-contained images, template, and real Chromium."""

from __future__ import annotations

import base64
import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, meta

from report_nb.commands.html import write_html
from report_nb.core.check import check_report
from report_nb.core.template import parse
from report_nb.errors import ReportFormatError, WouldOverwriteError
from report_nb.paths import template_dir
from report_nb.render.images import ImageEmbedder
from report_nb.render.markdown import MarkdownRenderer, github_blocks
from report_nb.render.page import page_context

from conftest import CHROMIUM_ARGS, seed_params

# Our own small report in the course format: a title, a checklist, three sections, five questions.
REPORT = """\
# Tiny pipeline project report

Write your answers below each question. Figures go in the `figures` folder.

## Overall project checklist

Tick what the group did.

### Week 1

* [x] Set up a repository with a readme (M5)
* [ ] Profile the training loop and speed up the
      slow parts of `train.py` (M12)

### Week 2

* [x] Write unit tests for the data loader (M16)

## Group information

### Question 1

> **Which group number did you get?**
>
> Answer:

Group 99

## Code

> This section is about the code itself.

### Question 2

> **Describe your dependencies.**
>
> Recommended answer length: 10-60 words.
>
> Answer:

We pin packages in a lock file and install with one command:
| Tool | Purpose |
|:-----|:-------:|
| uv | locking |
| ruff | linting |

```python
def lock() -> str:
    return "uv lock"
```

### Question 3

> **Explain your tests in detail.**
>
> Recommended answer length: 50-100 words.
>
> Answer:

Too short.

## Figures and safety

### Question 4

> **Show your training curves.**
>
> Recommended answer length: 0-100 words. Include 1-3 images.
>
> Answer:

The loss falls steadily. ![loss curve](figures/plot.png)

![dashboard](figures/Wandb%20shot.png)

<p align="center"><img src="figures/plot.png" width="120" alt="raw html plot"></p>

### Question 5

> **Anything else?**
>
> Recommended answer length: 0-200 words.
>
> Answer:

An old screenshot: ![gone](figures/missing.png) and a hosted one ![remote](https://example.com/chart.png).

<script>window.__pwned=1</script>
<img src=x onerror="window.__pwned=2">
[click me](javascript:window.__pwned=3) and [docs](https://example.com/docs).
"""


def png(width: int = 4, height: int = 3) -> bytes:
    """A real, decodable RGB PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xc0\x30\x30" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A reports folder with README.md and its figures; returns the README path."""
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "plot.png").write_bytes(png())
    (figures / "Wandb shot.png").write_bytes(png(6, 2))
    readme = tmp_path / "README.md"
    readme.write_text(REPORT, encoding="utf-8")
    return readme


def context_for(readme: Path, **kwargs: object) -> dict:
    report = parse(readme.read_text(encoding="utf-8"), str(readme))
    return page_context(
        report, check_report(report, path=str(readme)), base=readme.parent, **kwargs
    )


def render_page(context: dict) -> str:
    """The template rendered as nbconvert renders it (autoescape off), with ``page`` given."""
    environment = Environment(loader=FileSystemLoader(template_dir() / "report_html"))
    environment.filters["report_page"] = lambda nb, resources: context
    return environment.get_template("index.html.j2").render(nb={}, resources={})


def questions(context: dict) -> dict[int, dict]:
    return {q["number"]: q for s in context["sections"] for q in s["questions"]}


# --- the view model -------------------------------------------------------------------------


def test_context_title_summary_and_profile(project: Path) -> None:
    context = context_for(project)
    assert context["title"] == "Tiny pipeline project report"
    assert context["source"] == "README.md"
    summary = context["summary"]
    assert (summary["passed"], summary["total"], summary["failed"]) == (4, 5, 1)
    assert summary["profile"] == "template"  # five questions: limits from the prompts' text
    assert summary["rejected"] is None
    assert summary["ok"] is False
    assert "Tiny pipeline" not in context["intro_html"]  # the title is not repeated
    assert "<code>figures</code>" in context["intro_html"]


def test_context_badges_for_passing_and_failing_questions(project: Path) -> None:
    by_number = questions(context_for(project))
    passing, failing = by_number[2], by_number[3]
    assert passing["ok"] is True
    assert passing["badge"] == {"text": "pass", "class": "badge pass"}
    assert passing["limits"] == "10-60 words"
    assert 10 <= passing["words"] <= 60
    assert failing["badge"] == {"text": "fail", "class": "badge fail"}
    assert failing["words"] == 2
    assert failing["problems"] == ["too few words: 2 < 50"]
    assert by_number[1]["has_limits"] is False
    assert by_number[1]["limits"] == "no limits"


def test_context_counts_images_as_the_grader_does(project: Path) -> None:
    figure = questions(context_for(project))[4]
    assert figure["images"] == 2  # the raw <img> does not count
    assert figure["limits"] == "0-100 words, 1-3 images"
    assert figure["ok"] is True


def test_context_attaches_warnings_to_their_question(project: Path) -> None:
    context = context_for(project)
    figure = questions(context)[4]
    assert any("HTML <img> tags are not counted" in w["message"] for w in figure["warnings"])
    assert all(w["line"] for w in figure["warnings"])
    # question 2's fence and table: only what the hand-in loses, and the table's counted syntax
    q2 = [w["message"] for w in questions(context)[2]["warnings"]]
    assert len(q2) == 3 and all("hand-in" in m or "table syntax" in m for m in q2)
    assert context["warnings"] == []  # nothing report-wide


def test_context_report_wide_rejection(tmp_path: Path) -> None:
    text = REPORT.replace(
        "> Recommended answer length: 50-100 words.\n>\n> Answer:",
        "> Recommended answer length: 50-100 words.",
    )
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    context = context_for(readme)
    assert context["summary"]["rejected"]
    html = render_page(context)
    assert "The official checker will reject this file:" in html
    assert 'class="summary not-ok"' in html


def test_context_checklist_groups_and_state(project: Path) -> None:
    checklist = context_for(project)["checklist"]
    assert checklist["title"] == "Overall project checklist"
    assert (checklist["done"], checklist["total"]) == (2, 3)
    assert "Tick what the group did." in checklist["intro_html"]
    assert [g["name"] for g in checklist["groups"]] == ["Week 1", "Week 2"]
    week1 = checklist["groups"][0]["entries"]
    assert [(i["checked"], i["module"]) for i in week1] == [(True, "M5"), (False, "M12")]
    assert week1[1]["text_html"] == (
        "Profile the training loop and speed up the slow parts of <code>train.py</code>"
    )


def test_context_table_of_contents(project: Path) -> None:
    toc = context_for(project)["toc"]
    assert [entry["title"] for entry in toc] == [
        "Overall project checklist",
        "Group information",
        "Code",
        "Figures and safety",
    ]
    assert toc[0]["anchor"] == "checklist"
    assert toc[2]["anchor"] == "section-code"
    assert [(q["anchor"], q["ok"]) for q in toc[2]["questions"]] == [
        ("question-2", True),
        ("question-3", False),
    ]


def test_context_section_intro_and_prompt(project: Path) -> None:
    sections = context_for(project)["sections"]
    assert "This section is about the code itself." in sections[1]["intro_html"]
    prompt = sections[1]["questions"][0]["prompt_html"]
    assert prompt.startswith("<blockquote>")
    assert "<strong>Describe your dependencies.</strong>" in prompt
    assert "### Question" not in prompt


def test_stale_questions_get_a_badge_with_their_sources(project: Path) -> None:
    context = context_for(project, stale={2: ["coverage.xml", "wandb run 1abc"], 42: ["x"]})
    by_number = questions(context)
    assert by_number[2]["stale"] == ["coverage.xml", "wandb run 1abc"]
    assert by_number[3]["stale"] == []
    assert context["summary"]["stale"] == 1  # question 42 does not exist
    html = render_page(context)
    assert html.count('class="badge stale"') == 2  # the summary and question 2
    assert 'title="data read from a snapshot: coverage.xml, wandb run 1abc"' in html


def test_report_without_sections_or_checklist(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("### Question 1\n\n> **Name?**\n>\n> Answer:\n\nAda\n", encoding="utf-8")
    context = context_for(readme)
    assert context["title"] == "Project report"
    assert context["checklist"] is None
    assert [s["title"] for s in context["sections"]] == [""]
    assert context["toc"][0]["title"] == "Questions"
    assert render_page(context).count('class="badge pass"') == 1


# --- Markdown rendering and sanitising ------------------------------------------------------


def test_markdown_table_after_a_paragraph_line_is_a_table(tmp_path: Path) -> None:
    html = MarkdownRenderer(tmp_path).block("Intro line:\n| a | b |\n|:--|:-:|\n| 1 | 2 |\n")
    assert "<p>Intro line:</p>" in html
    assert "<table>" in html
    assert '<th style="text-align:center">b</th>' in html
    assert '<td style="text-align:left">1</td>' in html


def test_markdown_list_after_a_paragraph_line_is_a_list(tmp_path: Path) -> None:
    html = MarkdownRenderer(tmp_path).block("We used:\n- uv\n- ruff\n")
    assert "<ul>\n<li>uv</li>\n<li>ruff</li>\n</ul>" in html


def test_github_blocks_leaves_code_fences_alone() -> None:
    text = "Run:\n```\nsetup\n- not a list\n| not | a table |\n|---|---|\n```\n"
    assert github_blocks(text) == text


def test_markdown_fenced_code_keeps_its_language(tmp_path: Path) -> None:
    html = MarkdownRenderer(tmp_path).block("```python\nif a < b:\n    pass\n```\n")
    assert '<pre><code class="language-python">if a &lt; b:' in html


def test_markdown_keeps_non_tags_in_angle_brackets(tmp_path: Path) -> None:
    html = MarkdownRenderer(tmp_path).inline("signed up on <learn.inside.dtu.dk>")
    assert html == "signed up on &lt;learn.inside.dtu.dk&gt;"


def test_markdown_keeps_harmless_raw_html(tmp_path: Path) -> None:
    text = (
        "<details><summary>More</summary>\n\nHidden part.\n\n</details>\n\n"
        '<p align="center">Centred<br>text</p>\n'
    )
    html = MarkdownRenderer(tmp_path).block(text)
    assert "<details><summary>More</summary>" in html
    assert '<p align="center">Centred<br>text</p>' in html


@pytest.mark.parametrize(
    ("payload", "forbidden"),
    [
        pytest.param("<script>window.__pwned=1</script>", ["<script", "__pwned"], id="script"),
        pytest.param(
            '<img src=x onerror="window.__pwned=2">', ["onerror", "__pwned"], id="onerror"
        ),
        pytest.param("[x](javascript:window.__pwned=3)", ["javascript:"], id="js-link"),
        pytest.param('<a href="JaVaScRiPt:alert(1)">x</a>', ["alert"], id="js-link-mixed-case"),
        pytest.param(
            '<iframe src="https://example.com"></iframe>', ["<iframe", "example"], id="iframe"
        ),
        pytest.param("<style>body{display:none}</style>", ["<style", "display"], id="style"),
        pytest.param(
            '<object data="x.swf"></object><embed src="y">',
            ["<object", "<embed"],
            id="object-embed",
        ),
        pytest.param(
            '<a href="data:text/html,<script>1</script>">x</a>', ["data:text"], id="data-link"
        ),
        pytest.param(
            '<p style="background:url(https://example.com/t)">x</p>',
            ["example.com"],
            id="style-attribute",
        ),
        pytest.param(
            '<svg onload="window.__pwned=4"><circle/></svg>', ["onload", "<svg"], id="svg"
        ),
        pytest.param(
            '<form action="https://example.com"><input></form>', ["<form", "<input"], id="form"
        ),
        pytest.param('<code class="language-py x-evil">a</code>', ["x-evil"], id="class"),
    ],
)
def test_sanitiser_removes_active_content(
    tmp_path: Path, payload: str, forbidden: list[str]
) -> None:
    html = MarkdownRenderer(tmp_path).block(f"Before.\n\n{payload}\n\nAfter.")
    assert "Before." in html and "After." in html
    for needle in forbidden:
        assert needle.lower() not in html.lower()


def test_whole_page_has_no_script(project: Path) -> None:
    html = render_page(context_for(project))
    assert "<script" not in html.lower()
    assert "__pwned" not in html
    assert "javascript:" not in html.lower()
    assert " onerror" not in html.lower()
    assert '<a href="https://example.com/docs" rel="noopener noreferrer">docs</a>' in html


# --- images ---------------------------------------------------------------------------------


def test_local_figure_becomes_a_data_uri(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "plot.png").write_bytes(png())
    html = ImageEmbedder(tmp_path).rewrite('<img alt="a" src="figures/plot.png" width="100">')
    expected = "data:image/png;base64," + base64.b64encode(png()).decode("ascii")
    assert html == (f'<img src="{expected}" data-file="figures/plot.png" alt="a" width="100">')


@pytest.mark.parametrize(
    "src",
    [
        pytest.param("figures/Wandb%20shot.png", id="url-encoded-space"),
        pytest.param("figures/Wandb shot.png", id="literal-space"),
        pytest.param("./figures/Wandb%20shot.png?raw=true", id="dot-slash-and-query"),
        pytest.param("/figures/Wandb%20shot.png", id="root-relative"),
    ],
)
def test_local_figure_paths_are_resolved(tmp_path: Path, src: str) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "Wandb shot.png").write_bytes(png())
    html = ImageEmbedder(tmp_path).rewrite(f'<img src="{src}">')
    assert html.startswith('<img src="data:image/png;base64,')


def test_jpeg_is_recognised_by_its_bytes(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\xff\xd8\xff\xe0fake jpeg")
    assert ImageEmbedder(tmp_path).data_uri("photo.png").startswith("data:image/jpeg;base64,")


@pytest.mark.parametrize(
    ("src", "shown"),
    [
        pytest.param("figures/missing.png", "figures/missing.png", id="missing"),
        pytest.param("../secret.png", "../secret.png", id="outside-base"),
        pytest.param(
            "figures/%2e%2e/%2e%2e/secret.png",
            "figures/%2e%2e/%2e%2e/secret.png",
            id="encoded-traversal",
        ),
        pytest.param("figures/link.png", "figures/link.png", id="symlink-out"),
        pytest.param("notes.txt", "notes.txt", id="not-an-image"),
        pytest.param("figures", "figures", id="folder"),
        pytest.param("", "(no source)", id="no-source"),
    ],
)
def test_unusable_image_becomes_a_visible_marker(tmp_path: Path, src: str, shown: str) -> None:
    base = tmp_path / "reports"
    (base / "figures").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(png())
    (base / "notes.txt").write_text("not an image", encoding="utf-8")
    (base / "figures" / "link.png").symlink_to(tmp_path / "secret.png")
    html = ImageEmbedder(base).rewrite(f'<p><img src="{src}" alt="x"></p>')
    assert html == f'<p><span class="missing-image" role="img">missing image: {shown}</span></p>'


def test_remote_image_becomes_a_link(tmp_path: Path) -> None:
    html = ImageEmbedder(tmp_path).rewrite(
        '<img src="https://example.com/a.png?x=1&amp;y=2" alt="chart">'
    )
    assert "<img" not in html
    assert html == (
        '<span class="remote-image">remote image \u201cchart\u201d, not loaded: '
        '<a href="https://example.com/a.png?x=1&amp;y=2" rel="noopener noreferrer">'
        "https://example.com/a.png?x=1&amp;y=2</a></span>"
    )
    protocol_relative = ImageEmbedder(tmp_path).rewrite('<img src="//cdn.example.com/b.png">')
    assert 'href="https://cdn.example.com/b.png"' in protocol_relative


def test_figures_in_memory_are_embedded_before_files_on_disk(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "q4_loss.png").write_bytes(b"old bytes, not an image")
    embedder = ImageEmbedder(tmp_path, {"figures/q4_loss.png": png(), "figures/q5.png": png(2, 2)})
    for src in ("figures/q4_loss.png", "./figures/q4_loss.png"):
        assert embedder.data_uri(src) == (
            "data:image/png;base64," + base64.b64encode(png()).decode("ascii")
        )
    html = embedder.rewrite('<img src="figures/q5.png"><img src="figures/q6.png">')
    assert html.count('src="data:image/png;base64,') == 1
    assert "missing image: figures/q6.png" in html


def test_page_context_passes_figures_in_memory(project: Path) -> None:
    text = REPORT.replace("(figures/plot.png)", "(figures/q4_built.png)")
    project.write_text(text, encoding="utf-8")
    built = questions(context_for(project, images={"figures/q4_built.png": png()}))[4]
    assert 'data-file="figures/q4_built.png"' in built["answer_html"]
    assert "missing image" not in built["answer_html"]


def test_page_images(project: Path) -> None:
    html = render_page(context_for(project))
    assert html.count('src="data:image/png;base64,') == 3
    assert 'data-file="figures/Wandb%20shot.png"' in html
    assert "missing image: figures/missing.png" in html
    assert "missing image: x" in html  # the injected onerror image
    assert 'href="https://example.com/chart.png"' in html
    assert not re.search(r'<img[^>]+src="(?!data:)', html)


# --- template, page and file ----------------------------------------------------------------


def test_one_html_path_for_the_html_command_and_nbconvert(project: Path) -> None:
    import subprocess
    import sys

    from report_nb.commands.importing import import_readme

    page = write_html(project, project.parent / "from-readme.html").read_text(encoding="utf-8")
    import_readme(project)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nbconvert",
            "--to",
            "report_html",
            "report.ipynb",
            "--output",
            "from-nbconvert",
            "--ValidateReportPreprocessor.strict=False",
        ],
        cwd=project.parent,
        check=True,
        capture_output=True,
    )
    assert (project.parent / "from-nbconvert.html").read_text(encoding="utf-8") == page


def test_template_includes_only_its_stylesheet() -> None:
    folder = template_dir() / "report_html"
    environment = Environment(loader=FileSystemLoader(folder))
    environment.filters["report_page"] = lambda nb, resources: {}
    source = (folder / "index.html.j2").read_text(encoding="utf-8")
    assert list(meta.find_referenced_templates(environment.parse(source))) == ["report.css"]


def test_template_escapes_text_even_without_autoescape(project: Path) -> None:
    # nbconvert's TemplateExporter renders with autoescaping off
    context = context_for(project)
    context["title"] = "<b>bold</b> title"
    html = render_page(context)
    assert "<title>&lt;b&gt;bold&lt;/b&gt; title</title>" in html
    assert "HTML &lt;img&gt; tags are not counted" in html
    assert "<table>" in html  # HTML fields are not escaped


def test_conf_json_is_an_nbconvert_template_folder() -> None:
    conf = json.loads((template_dir() / "report_html" / "conf.json").read_text(encoding="utf-8"))
    assert conf["base_template"] == "base"
    assert conf["mimetypes"] == {"text/html": True}
    # the same preprocessors as the README export, so nbconvert builds the same `page`: the
    # chain is declared once, and both exporters enable it by default
    from report_nb.exporters import ReadmeExporter, ReportHTMLExporter
    from report_nb.preprocessors import chain

    assert "preprocessors" not in conf
    for exporter in (ReadmeExporter(), ReportHTMLExporter()):
        ours = [p for p in exporter._preprocessors if type(p) in chain()]
        assert [type(p) for p in ours] == chain()
        assert all(p.enabled for p in ours)


def test_page_is_self_contained(project: Path) -> None:
    html = render_page(context_for(project))
    assert html.startswith("<!DOCTYPE html>")
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'\">"
    ) in html
    assert "<link" not in html
    assert ".badge.pass" in html  # report.css is inlined
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//(?!example\.com/(?:docs|chart))", html)


def test_page_badges_and_anchors(project: Path) -> None:
    html = render_page(context_for(project))
    assert html.count('<span class="badge pass">pass</span>') == 4
    assert html.count('<span class="badge fail">fail</span>') == 1
    assert re.search(r'<article class="question fail" id="question-3">', html)
    for number in range(1, 6):
        assert f'href="#question-{number}"' in html


def test_same_input_gives_the_same_bytes(project: Path, tmp_path: Path) -> None:
    first = write_html(project, tmp_path / "one.html").read_bytes()
    second = write_html(project, tmp_path / "two.html").read_bytes()
    assert first == second


def test_write_html_default_output_beside_the_readme(project: Path) -> None:
    written = write_html(project)
    assert written == project.parent / "report.html"
    html = written.read_text(encoding="utf-8")
    assert "Tiny pipeline project report" in html
    assert not [p.name for p in project.parent.iterdir() if p.name.endswith(".tmp")]


def test_write_html_profile_is_passed_to_the_check(project: Path, tmp_path: Path) -> None:
    html = write_html(project, tmp_path / "out" / "r.html", profile="2024").read_text(
        encoding="utf-8"
    )
    assert "profile <code>2024</code>" in html


def test_write_html_refuses_a_missing_readme(tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="no such file"):
        write_html(tmp_path / "README.md")
    assert not (tmp_path / "report.html").exists()


def test_write_html_keeps_a_page_it_did_not_write(project: Path) -> None:
    page = project.parent / "report.html"
    page.write_text("<p>from python report.py html</p>", encoding="utf-8")
    with pytest.raises(WouldOverwriteError, match="pass --force"):
        write_html(project)
    assert page.read_text(encoding="utf-8") == "<p>from python report.py html</p>"
    assert write_html(project, force=True) == page
    assert "Tiny pipeline project report" in page.read_text(encoding="utf-8")


def test_write_html_replaces_its_own_page_but_not_a_hand_edit(project: Path) -> None:
    page = write_html(project)
    project.write_text(REPORT.replace("Too short.", "Still short."), encoding="utf-8")
    assert "Still short." in write_html(project).read_text(encoding="utf-8")  # its own: replaced
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    with pytest.raises(WouldOverwriteError):
        write_html(project)
    assert page.read_text(encoding="utf-8").endswith("<!-- edited -->")


@pytest.mark.parametrize("seed", seed_params())
def test_seed_renders_with_one_badge_per_question(seed: Path) -> None:
    report = parse(seed.read_text(encoding="utf-8"), str(seed))
    result = check_report(report, path=str(seed))
    html = render_page(page_context(report, result, base=seed.parent))
    badges = re.findall(r'class="badge (pass|fail)"', html)
    assert len(badges) == result.total == len(report.questions)
    assert badges.count("pass") == result.passed
    assert "<script" not in html.lower()
    assert not re.search(r'<img[^>]+src="(?!data:)', html)


# --- real headless Chromium -----------------------------------------------------------------


@pytest.fixture
def browser_page(chromium: str, project: Path):
    """The project's report opened in headless Chromium, with its requests and console kept."""
    from playwright.sync_api import sync_playwright

    output = write_html(project)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 500})
            page.requests = []  # type: ignore[attr-defined]
            page.console = []  # type: ignore[attr-defined]
            page.on("request", lambda request: page.requests.append(request.url))
            page.on("console", lambda message: page.console.append(message))
            page.goto(output.as_uri())
            yield page
        finally:
            browser.close()


@pytest.mark.browser
def test_browser_figures_render_from_data_uris(browser_page) -> None:
    images = browser_page.eval_on_selector_all(
        "main img",
        "els => els.map(e => [e.currentSrc.slice(0, 22), e.naturalWidth,"
        " e.complete, e.dataset.file])",
    )
    assert images == [
        ["data:image/png;base64,", 4, True, "figures/plot.png"],
        ["data:image/png;base64,", 6, True, "figures/Wandb%20shot.png"],
        ["data:image/png;base64,", 4, True, "figures/plot.png"],
    ]
    markers = browser_page.locator(".missing-image").all_inner_texts()
    assert "missing image: figures/missing.png" in markers
    assert browser_page.locator(".missing-image").first.is_visible()
    remote = browser_page.locator('.remote-image a[href="https://example.com/chart.png"]')
    assert remote.count() == 1


@pytest.mark.browser
def test_browser_badges_show_with_their_classes(browser_page) -> None:
    badges = browser_page.eval_on_selector_all(
        "article.question .badge",
        "els => els.map(e => [e.closest('article').id, e.className,"
        " e.textContent, e.offsetWidth > 0 && e.offsetHeight > 0])",
    )
    assert [b[:3] for b in badges] == [
        ["question-1", "badge pass", "pass"],
        ["question-2", "badge pass", "pass"],
        ["question-3", "badge fail", "fail"],
        ["question-4", "badge pass", "pass"],
        ["question-5", "badge pass", "pass"],
    ]
    assert all(b[3] for b in badges)  # laid out, not hidden
    fail_colour = browser_page.eval_on_selector(".badge.fail", "e => getComputedStyle(e).color")
    pass_colour = browser_page.eval_on_selector(".badge.pass", "e => getComputedStyle(e).color")
    assert fail_colour != pass_colour


@pytest.mark.browser
def test_browser_markdown_table_is_a_real_table(browser_page) -> None:
    cells = browser_page.eval_on_selector_all(
        "#question-2 .answer table tr",
        "rows => rows.map(r => Array.from(r.cells, c => c.tagName + ':' + c.textContent))",
    )
    assert cells == [["TH:Tool", "TH:Purpose"], ["TD:uv", "TD:locking"], ["TD:ruff", "TD:linting"]]
    code = browser_page.eval_on_selector(
        "#question-2 pre code", "e => [e.className, getComputedStyle(e).fontFamily]"
    )
    assert code[0] == "language-python"
    assert "monospace" in code[1]


@pytest.mark.browser
def test_browser_runs_no_script_and_fetches_nothing(browser_page) -> None:
    browser_page.wait_for_load_state("load")
    assert browser_page.evaluate("typeof window.__pwned") == "undefined"
    assert browser_page.evaluate("document.scripts.length") == 0
    link = browser_page.get_by_text("click me")
    assert link.get_attribute("href") is None
    link.click()
    assert browser_page.evaluate("typeof window.__pwned") == "undefined"
    assert browser_page.requests, "the page itself is a request"
    assert all(url.startswith(("file:", "data:")) for url in browser_page.requests)
    errors = [m.text for m in browser_page.console if m.type == "error"]
    assert errors == []  # a blocked load would show up as a CSP error here


@pytest.mark.browser
def test_browser_toc_link_targets_the_question(browser_page) -> None:
    browser_page.click('nav.toc a[href="#question-4"]')
    assert browser_page.evaluate("location.hash") == "#question-4"
    assert browser_page.evaluate("document.querySelector(':target').id") == "question-4"
    top = browser_page.evaluate("document.getElementById('question-4').getBoundingClientRect().top")
    assert 0 <= top < 40
    assert browser_page.evaluate("window.scrollY") > 0


@pytest.mark.browser
def test_browser_print_hides_the_contents(browser_page) -> None:
    assert browser_page.eval_on_selector("nav.toc", "e => getComputedStyle(e).display") != "none"
    browser_page.emulate_media(media="print")
    assert browser_page.eval_on_selector("nav.toc", "e => getComputedStyle(e).display") == "none"
    assert browser_page.pdf()[:5] == b"%PDF-"


def test_context_has_the_hand_in_view_of_each_answer(project: Path) -> None:
    q2 = questions(context_for(project))[2]
    # Python-Markdown without extensions: the fence is inline code in a paragraph, the table text
    assert "<pre>" not in q2["handin_html"] and "<table>" not in q2["handin_html"]
    assert "<code>python\ndef lock() -&gt; str:" in q2["handin_html"]
    assert "<pre><code" in q2["answer_html"] and "<table>" in q2["answer_html"]


def test_hand_in_view_is_sanitised_like_the_answers(tmp_path: Path) -> None:
    script = "<script>window.__pwned = 1</script>"
    answer = f'```\nrun\n```\n\n{script}\n\n<a href="javascript:alert(1)">x</a>'
    readme = tmp_path / "README.md"
    readme.write_text(REPORT.replace("Group 99", answer), encoding="utf-8")
    q1 = questions(context_for(readme))[1]
    assert "script" not in q1["handin_html"] and "javascript:" not in q1["handin_html"]
    assert q1["handin_html"].count("<a") == 1


def test_page_has_a_css_only_view_switch(project: Path) -> None:
    html = write_html(project).read_text(encoding="utf-8")
    assert html.count('type="radio" name="view"') == 2
    assert 'for="view-handin"' in html and "<script" not in html
    # a hand-in view only for the answer that renders differently there (question 2's fence)
    assert html.count('class="answer answer-github') == 5
    assert html.count('class="handin-answer"') == 1 and html.count(" same-in-handin") == 4


@pytest.mark.browser
def test_browser_hand_in_view_shows_a_fenced_block_on_one_line(browser_page) -> None:
    github = "#question-2 .answer-github"
    handin = "#question-2 .handin-answer"
    display = "e => getComputedStyle(e).display"
    assert browser_page.eval_on_selector(handin, display) == "none"
    assert browser_page.eval_on_selector(f"{github} pre code", "e => e.getClientRects().length")
    browser_page.click("label[for=view-handin]")
    assert browser_page.evaluate("document.getElementById('view-handin').checked")
    assert browser_page.eval_on_selector(github, display) == "none"
    assert browser_page.eval_on_selector(handin, display) == "block"
    assert browser_page.locator(f"{handin} pre").count() == 0
    code = browser_page.locator(f"{handin} code", has_text="def lock")
    lines = code.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return [e.getClientRects().length, r.height / parseFloat(getComputedStyle(e).lineHeight"
        " === 'normal' ? 20 : getComputedStyle(e).lineHeight), e.textContent]; }"
    )
    assert lines[0] == 1 and lines[1] < 1.5  # one line box: the block's lines run together
    assert "def lock() -> str:" in lines[2] and 'return "uv lock"' in lines[2]
    assert "| Tool | Purpose |" in browser_page.inner_text(handin)  # the table is plain text
    browser_page.click("label[for=view-github]")
    assert browser_page.eval_on_selector(handin, display) == "none"
    assert browser_page.eval_on_selector(github, display) != "none"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        pytest.param(
            "chart.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "svg+xml", id="svg"
        ),
        pytest.param("scan.bmp", b"BM" + bytes(60), "bmp", id="bmp-by-bytes"),
        pytest.param("photo.avif", b"\x00\x00\x00\x20ftypavif", "avif", id="avif-by-name"),
        pytest.param(
            "shot.png", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp", id="webp-under-a-png-name"
        ),
    ],
)
def test_the_page_embeds_an_image_as_the_type_its_bytes_say(
    tmp_path: Path, name: str, data: bytes, kind: str
) -> None:
    # one signature table (core.sniff) for the page and for the build's checks; a name decides
    # only where the bytes say nothing
    (tmp_path / name).write_bytes(data)
    uri = ImageEmbedder(tmp_path).data_uri(name)
    assert uri is not None and uri.startswith(f"data:image/{kind};base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == data


def test_an_empty_file_or_unknown_bytes_under_an_unknown_name_is_not_embedded(
    tmp_path: Path,
) -> None:
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "notes.txt").write_bytes(b"just text")
    embedder = ImageEmbedder(tmp_path)
    assert embedder.data_uri("empty.png") is None
    assert embedder.data_uri("notes.txt") is None
