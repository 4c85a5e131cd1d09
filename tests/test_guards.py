"""The guards in front of every renderer: image bytes must be what their name says, and Markdown
may not nest deeper than a renderer can recurse. Real images (Pillow, matplotlib) and the real
hand-in renderer (Python-Markdown) decide what is right."""

from __future__ import annotations

import io

import markdown
import pytest

from report_nb.core.nesting import MAX_DEPTH, message, too_deep
from report_nb.core.sniff import BY_SUFFIX, image_type, mismatch

from projects import tiny_png


def pillow_image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 120, 200)).save(buffer, format=fmt)
    return buffer.getvalue()


def matplotlib_svg() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    figure.add_subplot().plot([1, 2, 3])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()


REAL = {
    "image/png": lambda: pillow_image("PNG"),
    "image/jpeg": lambda: pillow_image("JPEG"),
    "image/gif": lambda: pillow_image("GIF"),
    "image/webp": lambda: pillow_image("WEBP"),
    "image/svg+xml": matplotlib_svg,
}


@pytest.mark.parametrize("mime", sorted(REAL))
def test_real_images_are_recognised_by_their_bytes(mime: str) -> None:
    data = REAL[mime]()
    assert image_type(data) == mime
    assert mismatch(mime, data) is None
    for suffix, declared in BY_SUFFIX.items():
        if declared == mime:
            assert mismatch(suffix, data) is None
            assert mismatch(suffix.upper(), data) is None


@pytest.mark.parametrize("mime", sorted(REAL))
def test_an_image_under_another_format_s_name_is_named(mime: str) -> None:
    data = REAL[mime]()
    other = "image/gif" if mime != "image/gif" else "image/png"
    problem = mismatch(other, data)
    assert problem is not None and problem.startswith("holds a ")
    assert problem.endswith("not GIF" if other == "image/gif" else "not PNG")


@pytest.mark.parametrize(
    "data",
    [
        b"<script>alert(1)</script>",
        b"",
        b"\x89PNG",  # a cut signature
        b"GIF90a....",
        b"RIFF\x00\x00\x00\x00WAVEfmt ",  # RIFF, but sound
        b"<?xml version='1.0'?><html/>",  # XML, but no svg element
        bytes(range(256)),
    ],
    ids=["script", "empty", "cut-png", "gif90", "riff-wave", "xml-not-svg", "binary"],
)
def test_anything_else_is_no_image_and_the_message_shows_its_start(data: bytes) -> None:
    assert image_type(data) is None
    problem = mismatch(".png", data)
    assert problem is not None and problem.startswith("is not a PNG image (its bytes start with")
    assert "\n" not in problem and len(problem) < 120  # one line, whatever the bytes


def test_an_svg_with_a_byte_order_mark_and_a_comment_is_an_svg() -> None:
    data = b"\xef\xbb\xbf\n<!-- made by hand -->\n<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert image_type(data) == "image/svg+xml"
    assert image_type(tiny_png()) == "image/png"


def nested_list(depth: int) -> str:
    return "\n".join("  " * level + f"- level {level}" for level in range(depth)) + "\n"


def nested_quote(depth: int) -> str:
    return ">" * depth + " deep\n"


@pytest.mark.parametrize("make", [nested_list, nested_quote], ids=["list", "quote"])
def test_nesting_up_to_the_bound_passes_and_renders(make) -> None:
    text = "Intro.\n\n" + make(MAX_DEPTH)
    assert too_deep(text) is None
    html = markdown.markdown(text)  # what the hand-in page renders: it must manage this depth
    assert "level" in html or "deep" in html


@pytest.mark.parametrize("make", [nested_list, nested_quote], ids=["list", "quote"])
def test_nesting_past_the_bound_is_found_at_its_line(make) -> None:
    text = "Intro.\n\n" + make(MAX_DEPTH + 40)
    offset = too_deep(text)
    assert offset is not None
    line = text[:offset].count("\n") + 1
    assert 3 <= line <= MAX_DEPTH + 43
    said = message(text, offset)
    assert f"deeper than {MAX_DEPTH} levels" in said and "\n" not in said


def test_deep_indentation_that_is_no_list_is_not_nesting() -> None:
    # a code block indented far (or a long run of spaces) nests nothing
    text = "Intro.\n\n" + " " * 300 + "just text, no list marker\n"
    assert too_deep(text) is None
    # a tab is four columns: 33 tabs nest 33 levels at most in Python-Markdown (four columns a
    # level), below the bound; 65 tabs are past it
    assert too_deep("Intro.\n\n" + "\t" * (MAX_DEPTH // 2 + 1) + "- item\n") is None
    assert too_deep("Intro.\n\n" + "\t" * (MAX_DEPTH + 1) + "- item\n") is not None


def test_the_guard_is_linear_on_a_large_ordinary_report() -> None:
    import time

    text = ("Some text in a paragraph.\n\n- a list item\n  - nested once\n\n> a quote\n") * 20000
    start = time.perf_counter()
    assert too_deep(text) is None
    assert time.perf_counter() - start < 2  # a regex scan, not a render: well under a second
