"""What a chat file is, decided from its sniffed type: its kind, and how browsers may get it.

Only types a browser shows without running anything (raster images, audio, video, PDF) are
ever served inline. Everything else, HTML, SVG and XML first of all, is a download.
"""

from __future__ import annotations

from parta.files.service import JPEG, PDF, PNG, WEBP

GIF = "image/gif"
OCTET_STREAM = "application/octet-stream"
TEXT = "text/plain"

# Pictures we decode, thumbnail and clean of location data.
PICTURE_TYPES = frozenset({JPEG, PNG, WEBP, GIF})

# Containers the sniffer names generically, mapped to what players expect.
_MEDIA_ALIASES = {
    "application/ogg": "audio/ogg",
    "audio/wave": "audio/wav",
    "audio/x-wav": "audio/wav",
}

# Served with their own type; anything else is served as application/octet-stream.
_DOWNLOAD_TYPES = frozenset(
    {
        PDF,
        TEXT,
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
    }
)


def normalize_mime(sniffed: str | None, head: bytes) -> str:
    """The type we store: the sniffed one, plain text for readable text, else octet-stream."""
    if sniffed:
        return _MEDIA_ALIASES.get(sniffed, sniffed)
    if head and b"\x00" not in head:
        try:
            # A multi-byte character may be cut at the end of the sniffed head.
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:
                return OCTET_STREAM
        return TEXT
    return OCTET_STREAM


def is_media(mime: str) -> bool:
    return mime.startswith(("audio/", "video/"))


def kind_of(mime: str, *, voice: bool) -> str:
    """image, video, audio, voice (audio the web client recorded) or file."""
    if mime in PICTURE_TYPES:
        return "image"
    if voice and is_media(mime):
        return "voice"
    if mime.startswith("audio/"):
        return "audio"
    if mime.startswith("video/"):
        return "video"
    return "file"


def voice_mime(mime: str) -> str:
    """Browsers record voice into WebM or Ogg; the sniffer calls WebM video."""
    return "audio/webm" if mime == "video/webm" else mime


def may_be_inline(mime: str) -> bool:
    """Shown by the browser itself without running content of the file."""
    return mime in PICTURE_TYPES or mime == PDF or is_media(mime)


def served_type(mime: str) -> str:
    """The Content-Type a file is served with: active or unknown types never keep theirs."""
    if may_be_inline(mime) or mime in _DOWNLOAD_TYPES:
        return mime
    return OCTET_STREAM
