"""The report as data: blocks of text in file order, questions, checklist items, limits.

A :class:`Report` is a list of :class:`Block` objects whose texts, joined with their trailing
whitespace, give back the source file byte for byte (see :mod:`report_nb.core.template`).
Nothing here reads files or knows about notebooks.
"""

from __future__ import annotations

from report_nb.core.records import FrozenRecord, Record, set_fields

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)

if TYPE_CHECKING:  # typing costs ``check`` a few ms at start-up; annotations need none of it
    from typing import Literal

    BlockKind = Literal["front_matter", "preamble", "checklist", "section", "prompt", "answer"]
else:
    BlockKind = str

#: Kinds of blocks that come from the course template and should not be edited by students.
LOCKED_KINDS: frozenset[str] = frozenset({"front_matter", "preamble", "section", "prompt"})


class Block(Record):
    r"""One stretch of the report: a heading with its prompt, an answer, the checklist, ...

    ``text`` uses ``\\n`` line breaks and has no trailing whitespace; ``trail`` is the whitespace
    that follows it up to the next block, kept exactly as in the source (``\\r\\n`` included).
    ``eol`` lists the line endings inside ``text`` when they are not all the report's ``newline``.
    """

    __slots__ = ("eol", "kind", "line", "question", "text", "trail")
    kind: BlockKind
    text: str
    trail: str
    line: int
    question: int | None
    eol: tuple[str, ...] | None

    def __init__(
        self,
        kind: BlockKind,
        text: str,
        trail: str = "",
        line: int = 1,
        question: int | None = None,
        eol: tuple[str, ...] | None = None,
    ) -> None:
        self.kind, self.text, self.trail, self.line = kind, text, trail, line
        self.question, self.eol = question, eol


class Limits(FrozenRecord):
    """What a question asks for: a word range and/or an image range (inclusive)."""

    words: tuple[int, int] | None
    images: tuple[int, int] | None

    def __init__(
        self, words: tuple[int, int] | None = None, images: tuple[int, int] | None = None
    ) -> None:
        set_fields(self, words=words, images=images)

    def __bool__(self) -> bool:
        return self.words is not None or self.images is not None

    def describe(self) -> str:
        """Short human form, e.g. ``100-200 words, 1-3 images``."""
        parts = []
        if self.words:
            parts.append(f"{self.words[0]}-{self.words[1]} words")
        if self.images:
            low, high = self.images
            parts.append(
                f"{low} image{'s' if high != 1 else ''}" if low == high else f"{low}-{high} images"
            )
        return ", ".join(parts) or "no limits"

    def to_json(self) -> dict[str, list[int] | None]:
        """JSON form used in notebook metadata and ``check --format json``."""
        return {
            "words": list(self.words) if self.words else None,
            "images": list(self.images) if self.images else None,
        }


class ChecklistItem(FrozenRecord):
    """One ``* [ ] ...`` line of the project checklist (continuation lines joined)."""

    text: str
    mark: str
    module: str | None
    group: str | None
    line: int

    def __init__(
        self, text: str, mark: str, module: str | None, group: str | None, line: int
    ) -> None:
        set_fields(self, text=text, mark=mark, module=module, group=group, line=line)

    @property
    def checked(self) -> bool:
        """True for ``[x]`` and ``[X]``."""
        return self.mark in ("x", "X")


class Question(Record):
    """A question: its prompt block, its answer block, and whether it has an ``Answer:`` marker."""

    __slots__ = ("answer", "has_marker", "number", "prompt")
    number: int
    prompt: Block
    answer: Block
    has_marker: bool

    def __init__(self, number: int, prompt: Block, answer: Block, has_marker: bool = True) -> None:
        self.number, self.prompt, self.answer, self.has_marker = number, prompt, answer, has_marker

    @property
    def line(self) -> int:
        """Line of the ``### Question N`` heading."""
        return self.prompt.line


class Report(Record):
    """A whole report file: blocks in order plus the file-level details needed to rebuild it."""

    blocks: list[Block]
    newline: str
    bom: bool
    lead: str
    path: str | None

    def __init__(
        self,
        blocks: list[Block] | None = None,
        newline: str = "\n",
        bom: bool = False,
        lead: str = "",
        path: str | None = None,
    ) -> None:
        self.blocks = [] if blocks is None else blocks
        self.newline, self.bom, self.lead, self.path = newline, bom, lead, path

    @property
    def questions(self) -> list[Question]:
        """Questions in file order, pairing each prompt block with the answer block after it.

        Derived afresh on each access (a few microseconds), so that a block replaced or edited in
        place is always seen; callers that loop keep the list.
        """
        questions: list[Question] = []
        blocks = self.blocks
        for index, block in enumerate(blocks):
            if block.kind == "prompt":
                answer = blocks[index + 1]
                assert answer.kind == "answer", "a prompt block is always followed by its answer"
                questions.append(Question(block.question or 0, block, answer, _has_marker(block)))
        return questions

    def block(self, kind: BlockKind) -> Block | None:
        """The first block of a kind, or None."""
        return next((b for b in self.blocks if b.kind == kind), None)


def _has_marker(prompt: Block) -> bool:
    return prompt.text.endswith("Answer:")


#: The checklist's key among the answers' question numbers (see :func:`answer_texts`).
CHECKLIST = 0


def answer_texts(report: Report) -> dict[int, str]:
    """Each answer's text by question, and the checklist's under :data:`CHECKLIST`."""
    texts = {question.number: question.answer.text for question in report.questions}
    checklist = report.block("checklist")
    texts[CHECKLIST] = checklist.text if checklist is not None else ""
    return texts
