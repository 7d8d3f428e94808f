"""Support requests over HTTP, as the web client sends them (multipart forms)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.harness import Api

Files = list[tuple[str, bytes]]


def _files(files: Files | None) -> list[tuple[str, tuple[str | None, bytes | str, str]]]:
    if not files:
        # Still a multipart body, as the web client sends it.
        return [("x", (None, "", "text/plain"))]
    return [("files", (name, data, "application/octet-stream")) for name, data in files]


def open_ticket(
    api: Api, org_id: str, files: Files | None = None, /, **fields: str
) -> httpx.Response:
    data = {"subject": "Не приходят уведомления", "body": "Помогите, пожалуйста."} | fields
    data = {k: v for k, v in data.items() if v is not None}
    return api.post(f"/orgs/{org_id}/support/tickets", data=data, files=_files(files))


def opened(api: Api, org_id: str, files: Files | None = None, /, **fields: str) -> dict[str, Any]:
    r = open_ticket(api, org_id, files, **fields)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def write(
    api: Api,
    org_id: str,
    ticket_id: str,
    body: str,
    files: Files | None = None,
    *,
    internal: bool = False,
) -> httpx.Response:
    data = {"body": body, "internal": "true" if internal else "false"}
    return api.post(
        f"/orgs/{org_id}/support/tickets/{ticket_id}/entries", data=data, files=_files(files)
    )


def written(api: Api, org_id: str, ticket_id: str, body: str, **kw: Any) -> dict[str, Any]:
    r = write(api, org_id, ticket_id, body, **kw)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def op_write(api: Api, ticket_id: str, body: str, *, internal: bool = False) -> dict[str, Any]:
    r = api.post(
        f"/operator/support/tickets/{ticket_id}/entries",
        data={"body": body, "internal": "true" if internal else "false"},
        files=_files(None),
    )
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def ticket(api: Api, org_id: str, ticket_id: str) -> httpx.Response:
    return api.get(f"/orgs/{org_id}/support/tickets/{ticket_id}")


def status(api: Api, org_id: str, ticket_id: str, value: str) -> httpx.Response:
    return api.put(f"/orgs/{org_id}/support/tickets/{ticket_id}/status", json={"status": value})


def escalate(api: Api, org_id: str, ticket_id: str, note: str = "") -> httpx.Response:
    return api.post(f"/orgs/{org_id}/support/tickets/{ticket_id}/escalate", json={"note": note})


def ids(page: dict[str, Any]) -> list[str]:
    return [t["id"] for t in page["items"]]


def bodies(detail: dict[str, Any]) -> list[str]:
    return [e["body"] for e in detail["entries"] if e["kind"] != "event"]


def code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])
