"""Images made self-contained: local figures become data: URIs, nothing is fetched when viewing.

The HTML report must open from disk, alone, without a request: :class:`ImageEmbedder` rewrites
the ``<img>`` tags of a sanitised fragment. A figure under the report's folder (``figures/x.png``,
URL-encoded or not), or one a build holds in memory and has not written yet, is inlined as
base64; a remote image becomes a link to its URL; a missing file, a path leading out of the folder
or a file that is not an image becomes a visible "missing image" marker, never a broken request.
"""

from __future__ import annotations

import base64
import html
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from report_nb.core.sniff import image_type

# Works on nh3's output, which always double-quotes attribute values and escapes ``<``, ``>``
# and ``"`` inside them, so a ``>`` can only close the tag.
_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([^\s="/>]+)(?:="([^"]*)")?')

#: Types the page may embed beyond those :func:`report_nb.core.sniff.image_type` reads, by name.
_BY_SUFFIX = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".bmp": "image/bmp",
    ".avif": "image/avif",
}


class ImageEmbedder:
    """Replaces the ``<img>`` tags of sanitised HTML, reading local images from ``base``.

    ``images`` maps paths relative to ``base`` (``figures/q14_loss.png``) to image bytes that
    are not written yet, such as the figures of a build (nbconvert's ``resources["outputs"]``);
    they take precedence over files on disk.
    """

    def __init__(self, base: Path, images: Mapping[str, bytes] | None = None) -> None:
        self.base = base.resolve()
        self.images = {
            posixpath.normpath(name.lstrip("/")): data for name, data in (images or {}).items()
        }
        self._uris: dict[str, str | None] = {}

    def rewrite(self, fragment: str) -> str:
        """The fragment with every ``<img>`` embedded, turned into a link, or marked missing."""
        return _IMG.sub(self._replace, fragment)

    def data_uri(self, src: str) -> str | None:
        """``data:`` URI of the local image ``src`` names, or None if it cannot be used."""
        if src not in self._uris:
            relative = relative_path(src)
            if relative is not None and relative in self.images:
                self._uris[src] = _encode_bytes(self.images[relative], relative)
            else:
                path = self.locate(src)
                self._uris[src] = _encode(path) if path is not None else None
        return self._uris[src]

    def locate(self, src: str) -> Path | None:
        """The existing file ``src`` names inside ``base`` (None outside it or when absent)."""
        relative = relative_path(src)
        if relative is None:
            return None
        candidate = (self.base / PurePosixPath(relative)).resolve()
        if not candidate.is_relative_to(self.base) or not candidate.is_file():
            return None  # resolve() followed any symlink, so this also stops links out of base
        return candidate

    def _replace(self, match: re.Match[str]) -> str:
        attributes = _attributes(match.group(1))
        src = html.unescape(attributes.pop("src", "")).strip()
        if is_remote(src):
            return _remote_link(src, html.unescape(attributes.get("alt", "")))
        uri = self.data_uri(src) if src else None
        if uri is None:
            return _missing(src)
        attributes = {"src": html.escape(uri), "data-file": html.escape(src), **attributes}
        return "<img " + " ".join(f'{name}="{value}"' for name, value in attributes.items()) + ">"


def _attributes(text: str) -> dict[str, str]:
    """Attributes as written by nh3, values still HTML-escaped, in their order."""
    return {m.group(1).lower(): m.group(2) or "" for m in _ATTRIBUTE.finditer(text)}


def relative_path(src: str) -> str | None:
    """The normalised path a local ``src`` names below the base folder, URL-decoded."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    relative = unquote(parts.path).lstrip("/")  # GitHub reads "/x.png" from the top folder
    if not relative or "\0" in relative:
        return None
    return posixpath.normpath(relative)


def is_remote(src: str) -> bool:
    """True for an ``http(s)://`` or protocol-relative (``//host/...``) image address."""
    parts = urlsplit(src)
    return parts.scheme.lower() in ("http", "https") or (not parts.scheme and bool(parts.netloc))


def _remote_link(src: str, alt: str) -> str:
    url = html.escape("https:" + src if src.startswith("//") else src)
    name = f" \u201c{html.escape(alt)}\u201d" if alt else ""
    return (
        f'<span class="remote-image">remote image{name}, not loaded: <a href="{url}" '
        f'rel="noopener noreferrer">{url}</a></span>'
    )


def _missing(src: str) -> str:
    shown = src or "(no source)"
    return f'<span class="missing-image" role="img">missing image: {html.escape(shown)}</span>'


def _encode(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _encode_bytes(data, path.name)


def _encode_bytes(data: bytes, name: str) -> str | None:
    """A ``data:`` URI, the type read from the bytes' signature, else from the file name."""
    kind = image_type(data) or ("image/bmp" if data.startswith(b"BM") else None)
    kind = kind or _BY_SUFFIX.get(PurePosixPath(name).suffix.lower())
    if kind is None or not data:
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
