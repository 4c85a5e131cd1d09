"""The files report-nb reads and writes: validated reads, atomic writes, a record of what it wrote.

Reads turn unusable input (missing, empty, binary, not UTF-8) into one-line errors naming the file
and line. Writes go to a temporary file in the target's folder and are moved into place with
``os.replace``, so a reader never sees half a file and a failed write leaves the old one intact.
"""

from __future__ import annotations

import errno
import os

from report_nb.errors import ReportFormatError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from pathlib import Path


def read_text(path: str | Path) -> str:
    r"""A report's text, decoded as UTF-8 exactly as stored (BOM and ``\\r\\n`` kept)."""
    name = path_text(path)
    try:
        with open(name, "rb", buffering=0) as file:  # unbuffered: one read of the whole file
            data = file.readall()
    except FileNotFoundError:
        raise ReportFormatError("no such file", path=name) from None
    except IsADirectoryError:
        raise ReportFormatError("is a folder, not a file", path=name) from None
    except OSError as error:
        raise ReportFormatError(f"cannot read: {error.strerror}", path=name) from None
    return decode(data, name)


def path_text(path: str | os.PathLike[str]) -> str:
    """``str(pathlib.Path(path))``, without importing pathlib (a third of ``check``'s imports).

    On POSIX that drops empty and ``.`` parts (repeated and trailing slashes, ``./``) and keeps a
    leading ``//``, which POSIX leaves to the system; elsewhere it asks pathlib.
    """
    text = os.fspath(path)
    if os.name != "posix":
        from pathlib import Path

        return str(Path(text))
    root = "//" if text[:2] == "//" and text[2:3] != "/" else "/" if text[:1] == "/" else ""
    return root + "/".join(part for part in text.split("/") if part and part != ".") or "."


def path_suffix(text: str) -> str:
    """``pathlib.Path(text).suffix`` of a :func:`path_text`: the last dot's part of the name."""
    name = text.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def decode(data: bytes, path: str | Path) -> str:
    """Decode a report's bytes, refusing empty, binary and non-UTF-8 content."""
    if not data or data.isspace():
        raise ReportFormatError("the file is empty", path=path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportFormatError(
            "the file is UTF-16 text; the course's checker reads UTF-8",
            path=path,
            hint="save it as UTF-8",
        )
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise ReportFormatError(
            "binary data (a NUL byte): not a Markdown report", path=path, line=line
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ReportFormatError(
            f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded",
            path=path,
            line=line,
            hint="save the file as UTF-8",
        ) from None


def sha256(data: bytes) -> str:
    """Hex digest used to recognise files report-nb wrote."""
    import hashlib  # here: a check reads files and hashes none

    return hashlib.sha256(data).hexdigest()


def utf8_json(value: object) -> bool:
    r"""Whether ``value`` can be written as UTF-8 JSON.

    JSON read from a file can hold half a character (a lone surrogate, from an escape such as
    ``\ud800``), which no UTF-8 file can store: such input is refused where it is read.
    """
    import json  # here: a check of a README reads no JSON

    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    One file at a time; several files that must change together (a build's outputs, a notebook
    pair) go through :func:`report_nb.store.transaction.commit`, which survives a kill.
    """
    from pathlib import Path  # here: reading a report (``check``) needs no pathlib

    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    temporary = _stage(path, data)
    try:
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> str:
    """``data`` in a temporary file beside ``path``, with the mode ``path`` has or would get."""
    from pathlib import Path

    path.parent.mkdir(parents=True, exist_ok=True)
    # The name report_nb.store.transaction.recover knows to delete if a kill leaves it behind.
    temporary = str(path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp"))
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask()
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def umask() -> int:
    """The process's umask, read without setting it (``os.umask`` would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022
