"""Plain records: equality, hashing and ``repr`` from the fields, as a dataclass has them.

The classes ``report-nb check`` meets on its way (the report model, the rules, the results, the
``.report-nb`` layout) are records, not dataclasses: importing :mod:`dataclasses` imports
:mod:`inspect` (and with it ``ast``, ``dis`` and ``tokenize``), and each ``@dataclass`` compiles
its methods with ``exec``; for the eleven classes of a check that came to as much CPU time as a
whole bare interpreter's start-up. A record writes its own ``__init__`` and takes the rest from
here, derived from its annotated fields in declaration order: :class:`Record` is a mutable
record (equal field by field, unhashable, as ``@dataclass``), :class:`FrozenRecord` an immutable
one (hashable by value, assignment raises, as ``@dataclass(frozen=True)``). A record with
``__slots__`` lists its fields there too.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["FrozenRecord", "Record", "set_fields"]


class Record:
    """A mutable record: ``==`` compares the fields (same class only); ``repr`` names them."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _getter: attrgetter[Any] | None = None

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        own = tuple(name for name in cls.__annotations__ if name != "_fields")  # own only (3.10+)
        cls._fields = tuple(dict.fromkeys(cls._fields + own))
        # the fields read in C: records are hashed and compared in a check's inner loops (a
        # batch looks up each question's limits); of one name, attrgetter gives the bare value
        cls._getter = attrgetter(*cls._fields) if cls._fields else None

    def _values(self) -> tuple[object, ...]:
        if self._getter is None:
            return ()
        values = self._getter(self)
        return values if len(self._fields) != 1 else (values,)

    def __eq__(self, other: object) -> bool:  # defined here, it sets ``__hash__`` to None
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"


class FrozenRecord(Record):
    """An immutable record, hashable by its fields; its ``__init__`` calls :func:`set_fields`."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")


def set_fields(record: FrozenRecord, **values: object) -> None:
    """Set the fields of a frozen record (its ``__init__`` only)."""
    for name, value in values.items():
        object.__setattr__(record, name, value)
