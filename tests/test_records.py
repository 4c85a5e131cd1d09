"""Records behave as the dataclasses they replaced: fields, equality, hashing, repr, freezing."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from report_nb.core.model import Block, ChecklistItem, Limits, Question, Report
from report_nb.core.records import FrozenRecord, Record, set_fields
from report_nb.core.results import CheckResult, Finding, QuestionResult
from report_nb.core.rules import Detection, Rules


@dataclasses.dataclass(frozen=True)
class Pair:
    """The dataclass a frozen record stands for."""

    left: int
    right: tuple[int, ...] | None = None


class PairRecord(FrozenRecord):
    left: int
    right: tuple[int, ...] | None

    def __init__(self, left: int, right: tuple[int, ...] | None = None) -> None:
        set_fields(self, left=left, right=right)


@dataclasses.dataclass
class Box:
    """The dataclass a mutable record stands for."""

    items: list[int]
    name: str = "box"


class BoxRecord(Record):
    __slots__ = ("items", "name")
    items: list[int]
    name: str

    def __init__(self, items: list[int], name: str = "box") -> None:
        self.items, self.name = items, name


def test_a_frozen_record_hashes_compares_and_prints_as_its_dataclass() -> None:
    record, data = PairRecord(1, (2, 3)), Pair(1, (2, 3))
    assert repr(record) == repr(data).replace("Pair(", "PairRecord(")
    assert hash(record) == hash(data) == hash((1, (2, 3)))
    assert record == PairRecord(1, (2, 3)) and record != PairRecord(1)
    assert record != data and record != (1, (2, 3))  # another class is never equal
    with pytest.raises(AttributeError, match="cannot assign to field 'left'"):
        record.left = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete field 'right'"):
        del record.right  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(record)) == record


def test_a_mutable_record_compares_prints_and_refuses_hashing_as_its_dataclass() -> None:
    record, data = BoxRecord([1]), Box([1])
    assert repr(record) == repr(data).replace("Box(", "BoxRecord(")
    record.items.append(2)
    record.name = "crate"
    assert record == BoxRecord([1, 2], "crate") and record != BoxRecord([1, 2])
    with pytest.raises(TypeError, match="unhashable"):
        hash(record)
    with pytest.raises(AttributeError):
        record.colour = "red"  # type: ignore[attr-defined]  # __slots__: no other attribute
    assert pickle.loads(pickle.dumps(record)) == record


def test_a_subclass_of_a_record_keeps_its_fields_and_adds_its_own() -> None:
    class Triple(PairRecord):
        middle: int

        def __init__(self, left: int, middle: int) -> None:
            super().__init__(left)
            set_fields(self, middle=middle)

    assert Triple._fields == ("left", "right", "middle")
    assert repr(Triple(1, 2)).endswith(".<locals>.Triple(left=1, right=None, middle=2)")


@pytest.mark.parametrize(
    ("record", "fields"),
    [
        (Block("answer", "text"), ("kind", "text", "trail", "line", "question", "eol")),
        (Limits(), ("words", "images")),
        (ChecklistItem("a", "x", None, None, 1), ("text", "mark", "module", "group", "line")),
        (Question(1, Block("prompt", "p"), Block("answer", "a")), ("number", "prompt", "answer")),
        (Report(), ("blocks", "newline", "bom", "lead", "path")),
        (Detection("2026", "why"), ("profile", "reason")),
        (Rules("2026", "why", {}), ("profile", "reason", "limits", "disagreements")),
        (Finding(1, 2, "message"), ("question", "line", "message", "error")),
        (QuestionResult(1, 2, 3, 4, Limits(), 3, 4), ("number", "line", "words", "limits")),
        (CheckResult("README.md", "2026", [], []), ("path", "profile", "questions", "rejected")),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Record) else None,
)
def test_the_check_path_records_keep_their_dataclass_fields(
    record: Record, fields: tuple[str, ...]
) -> None:
    assert set(fields) <= set(type(record)._fields)
    assert repr(record).startswith(f"{type(record).__name__}({type(record)._fields[0]}=")


def test_defaults_are_fresh_per_record_as_default_factories_were() -> None:
    first, second = Report(), Report()
    first.blocks.append(Block("preamble", "x"))
    assert second.blocks == []
    assert Rules("a", "b", {}).disagreements is not Rules("a", "b", {}).disagreements
    assert QuestionResult(1, 1, 0, 0, Limits(), 0, 0).problems == []


def test_frozen_model_records_are_hashable_by_value() -> None:
    assert {Limits((1, 2)), Limits((1, 2)), Limits(None, (1, 1))} == {
        Limits((1, 2)),
        Limits(images=(1, 1)),
    }
    assert hash(ChecklistItem("a", "x", "M1", None, 3)) == hash(("a", "x", "M1", None, 3))


class OneRecord(FrozenRecord):
    only: tuple[int, ...]

    def __init__(self, only: tuple[int, ...]) -> None:
        set_fields(self, only=only)


def test_a_record_of_one_field_compares_its_value_as_a_one_tuple() -> None:
    # the fields are read with operator.attrgetter, which gives one field's bare value
    @dataclasses.dataclass(frozen=True)
    class One:
        only: tuple[int, ...]

    assert OneRecord((1, 2)) == OneRecord((1, 2)) != OneRecord((1,))
    assert hash(OneRecord((1, 2))) == hash(One((1, 2)))
    assert OneRecord((1, 2))._values() == ((1, 2),)
    assert repr(OneRecord((1, 2))) == "OneRecord(only=(1, 2))"
