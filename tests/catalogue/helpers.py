"""Submitting and reviewing catalogue items over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from tests.harness import Api


def fields(**over: str) -> dict[str, str]:
    base = {"title": "Дроби в картинках", "subject": "math", "grades": "5,6"}
    base.update(over)
    return {k: v for k, v in base.items() if v != ""}


def submit(
    api: Api, org_id: str, file: tuple[str, bytes] | None = None, /, **over: str
) -> httpx.Response:
    files = {"file": (file[0], file[1], "application/octet-stream")} if file else None
    data = fields(**over)
    if file is None and "url" not in data:
        data["url"] = "https://example.org/fractions"
    if files is None:  # still a multipart body, as the web client sends it
        return api.post(f"/orgs/{org_id}/catalogue/submissions", data=data, files={"x": (None, "")})
    return api.post(f"/orgs/{org_id}/catalogue/submissions", data=data, files=files)


def operator_add(api: Api, file: tuple[str, bytes] | None = None, **over: str) -> dict[str, Any]:
    data = fields(**over)
    if file is None:
        data.setdefault("url", "https://example.org/item")
        r = api.post("/operator/catalogue/items", data=data, files={"x": (None, "")})
    else:
        r = api.post(
            "/operator/catalogue/items",
            data=data,
            files={"file": (file[0], file[1], "application/octet-stream")},
        )
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out
