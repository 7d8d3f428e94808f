"""Calling the materials library over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from tests.harness import Api


def lib(api: Api, org_id: str, place: str, place_id: str | None = None, **q: str) -> httpx.Response:
    params = {"place": place, **({"place_id": place_id} if place_id else {}), **q}
    return api.get(f"/orgs/{org_id}/materials", params=params)


def add_link(
    api: Api,
    org_id: str,
    place: str,
    place_id: str | None,
    title: str = "Учебник",
    url: str = "https://example.org/book",
    parent_id: str | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {"place": place, "place_id": place_id, "title": title, "url": url}
    if parent_id:
        body["parent_id"] = parent_id
    return api.post(f"/orgs/{org_id}/materials/links", json=body)


def add_folder(
    api: Api,
    org_id: str,
    place: str,
    place_id: str | None,
    title: str,
    parent_id: str | None = None,
) -> httpx.Response:
    body = {"place": place, "place_id": place_id, "title": title, "parent_id": parent_id}
    return api.post(f"/orgs/{org_id}/materials/folders", json=body)


def created(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def upload(
    api: Api,
    org_id: str,
    place: str,
    place_id: str | None,
    name: str,
    data: bytes,
    **fields: str,
) -> httpx.Response:
    params = {"place": place, **({"place_id": place_id} if place_id else {})}
    return api.post(
        f"/orgs/{org_id}/materials/uploads",
        params=params,
        files={"file": (name, data, "application/octet-stream")},
        data=fields,
    )
