"""Uploading and sending chat files over HTTP, and sample contents."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
from PIL import Image

from tests.chats.helpers import School
from tests.harness import Api

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(
    api: Api,
    org_id: str,
    chat_id: str,
    name: str = "doc.pdf",
    data: bytes = PDF,
    content_type: str = "application/octet-stream",
    **fields: str,
) -> httpx.Response:
    return api.post(
        f"/orgs/{org_id}/chats/{chat_id}/uploads",
        files={"file": (name, data, content_type)},
        data=fields,
    )


def uploaded(api: Api, org_id: str, chat_id: str, name: str, data: bytes) -> dict[str, Any]:
    r = upload(api, org_id, chat_id, name, data)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def send(api: Api, org_id: str, chat_id: str, ids: list[str], body: str = "") -> httpx.Response:
    return api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": str(uuid.uuid4()), "body": body, "attachment_ids": ids},
    )


def class_chat(s: School, api: Api) -> str:
    return str(s.chat_of_kind(api, "class")["id"])


def png(size: tuple[int, int] = (40, 30), color: str = "blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (1600, 900), orientation: int = 6) -> bytes:
    """A photo as phones take it: EXIF with the camera, an orientation and a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PartaCam"
    exif.get_ifd(0x8825).update({1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)})
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def get_file(api: Api, url: str, **kw: Any) -> httpx.Response:
    """GET a signed address from AttachmentOut (it already starts with /api/v1)."""
    return api.get(url.removeprefix("/api/v1"), **kw)
