"""What an image file's bytes are, from their first bytes: a figure must be what its name says.

A stored ``image/png`` output is untrusted input: its bytes could be anything, ``<script>`` too,
and a build would write them as ``figures/q14_1.png``. :func:`image_type` reads the signature of
the formats a README may show (PNG, JPEG, GIF, WebP, SVG); :func:`mismatch` says, in words,
where the bytes and the declared type (a MIME type or a file suffix) disagree. Pure functions.
"""

from __future__ import annotations

#: File suffixes and MIME types of the image formats recognised here.
BY_SUFFIX = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
NAMES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/svg+xml": "SVG",
}
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(data: bytes) -> str | None:
    """The MIME type the bytes' signature gives, or None for none of the known formats."""
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def mismatch(declared: str, data: bytes) -> str | None:
    """Why ``data`` is not the image ``declared`` (a MIME type or ``.png``-like suffix); or None."""
    mime = BY_SUFFIX.get(declared.lower(), declared.lower())
    found = image_type(data)
    if found == mime:
        return None
    wanted = NAMES.get(mime, mime)
    if found is not None:
        return f"holds a {NAMES[found]} image, not {wanted}"
    start = data[:12].decode("ascii", "replace")
    shown = "".join(c if c.isprintable() else "." for c in start)
    return f"is not a {wanted} image (its bytes start with {shown!r})"
