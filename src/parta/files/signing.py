"""Download addresses: /api/v1/files/{id}?v=…&exp=…&sig=…, signed with the app's secret.

A link alone is never enough: the download also needs the session of someone allowed to
read the file. The signature makes links unguessable and lets them expire, so a link copied
out of a chat (a log, a screenshot, a shared computer) soon stops working.

Expiry is rounded to the hour, so one file keeps one address for a while and browsers can
cache it; a link lives between LINK_SECONDS and LINK_SECONDS + 1 h.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlencode

from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, Gone
from parta.kit.ids import constant_time_equal, hmac_hex

Variant = Literal["file", "thumb", "preview"]
VARIANTS: tuple[Variant, ...] = ("file", "thumb", "preview")
FILES_PATH = "/api/v1/files/"
LINK_SECONDS = 3600
_ROUND = 3600


def _signature(attachment_id: str, variant: str, exp: int, purpose: str = "file") -> str:
    # `purpose` keeps a link made for one kind of object (a chat attachment, a library
    # item, a catalogue item) from being valid for another that happens to share its id.
    key = get_settings().resolved_secret_key()
    return hmac_hex(key, f"{purpose}:{attachment_id}:{variant}:{exp}")[:43]


def signed_url(
    attachment_id: str,
    variant: Variant = "file",
    *,
    path: str = FILES_PATH,
    purpose: str = "file",
) -> str:
    """A fresh signed address of the file or one of its pictures (other domains pass their
    own download `path` and signing `purpose`)."""
    now = int(utcnow().timestamp())
    exp = (now + LINK_SECONDS) // _ROUND * _ROUND + _ROUND
    query = {"exp": str(exp), "sig": _signature(attachment_id, variant, exp, purpose)}
    if variant != "file":
        query = {"v": variant, **query}
    return f"{path}{attachment_id}?{urlencode(query)}"


def check_signature(
    attachment_id: str, variant: str, exp: str, sig: str, *, purpose: str = "file"
) -> int:
    """Seconds the link stays valid; 403 `bad_signature` for a link we did not make,
    410 `link_expired` for an old one."""
    if not exp.isdigit() or len(exp) > 12 or variant not in VARIANTS:
        raise _bad()
    if not constant_time_equal(sig, _signature(attachment_id, variant, int(exp), purpose)):
        raise _bad()
    left = int(exp) - int(utcnow().timestamp())
    if left <= 0:
        raise Gone(
            "This link has expired. Open the chat again to get a fresh one.",
            code="link_expired",
        )
    return left


def _bad() -> Forbidden:
    return Forbidden("This download link is not valid.", code="bad_signature")
