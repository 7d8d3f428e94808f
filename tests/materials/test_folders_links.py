"""Folders (nesting limit, moves, deletes), links (address checks) and their audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chats.helpers import School, error_code, make_school
from tests.harness import Api, LiveServer
from tests.materials.helpers import add_folder, add_link, created, lib


@pytest.fixture(scope="module")
def s(server: LiveServer) -> School:
    return make_school(server, students=1)


def _audit(admin: Api, org_id: str, action: str, target: str) -> list[dict[str, Any]]:
    r = admin.get(f"/orgs/{org_id}/audit", params={"action": action, "target_id": target})
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.org/file",
        "file:///etc/passwd",
        "example.org/page",
        "https://",
        "https://user:secret@example.org/",
        "https://school.ru@evil.example/",
        "https://example.org/a b",
        "https://example.org:99999/",
        "https://example.org/\x00",
    ],
)
def test_links_take_only_web_addresses(server: LiveServer, s: School, url: str) -> None:
    r = add_link(s.teacher.client(server), s.org.id, "class", s.cls.id, url=url)
    assert r.status_code == 422 and error_code(r) == "invalid_url", r.text


def test_folders_nest_move_and_delete(server: LiveServer, s: School) -> None:
    api = s.teacher.client(server)
    org, cls = s.org.id, s.cls.id
    chain: list[str] = []
    for depth in range(5):
        parent = chain[-1] if chain else None
        chain.append(created(add_folder(api, org, "class", cls, f"Уровень {depth}", parent))["id"])
    r = add_folder(api, org, "class", cls, "Слишком глубоко", chain[-1])
    assert r.status_code == 422 and error_code(r) == "too_deep"
    link = created(add_link(api, org, "class", cls, "Ссылка", parent_id=chain[-1]))

    page = lib(api, org, "class", cls, folder_id=chain[-1]).json()
    assert [f["title"] for f in page["path"]] == [f"Уровень {d}" for d in range(5)]
    assert [i["title"] for i in page["items"]] == ["Ссылка"]

    path = f"/orgs/{org}/materials/items/"
    # Into itself or its own subfolder: refused.
    r = api.patch(path + chain[1], json={"parent_id": chain[3]})
    assert r.status_code == 422 and error_code(r) == "bad_folder"
    # A sibling tree that would get too deep.
    other = created(add_folder(api, org, "class", cls, "Другая"))
    sub = created(add_folder(api, org, "class", cls, "Вложенная", other["id"]))
    r = api.patch(path + other["id"], json={"parent_id": chain[3]})
    assert r.status_code == 422 and error_code(r) == "too_deep"
    # A folder of another library is not a target.
    org_folder = created(add_folder(s.org.admin.client(server), org, "org", None, "Общая"))
    r = api.patch(path + sub["id"], json={"parent_id": org_folder["id"]})
    assert r.status_code == 422 and error_code(r) == "bad_folder"

    # Move the chain's second level (with everything below) to the top, and rename it.
    r = api.patch(path + chain[1], json={"parent_id": None, "title": "Перенесённая"})
    assert r.status_code == 200 and r.json()["parent_id"] is None, r.text
    top = [i["title"] for i in lib(api, org, "class", cls).json()["items"]]
    assert top == ["Другая", "Перенесённая", "Уровень 0"]
    # Now three levels are free again below the moved branch's deepest folder.
    r = api.patch(path + other["id"], json={"parent_id": chain[3]})
    assert r.status_code == 200, r.text
    deep = lib(api, org, "class", cls, folder_id=sub["id"]).json()
    assert deep["path"][0]["title"] == "Перенесённая"
    admin = s.org.admin.client(server)
    moved = _audit(admin, org, "material.changed", chain[1])
    assert moved and moved[0]["data"]["parent_id"] == {"from": chain[0], "to": None}
    assert moved[0]["data"]["title"]["to"] == "Перенесённая"
    assert _audit(admin, org, "material.moved", other["id"])

    # Deleting a folder deletes what it holds.
    assert api.delete(path + chain[1]).status_code == 204
    for gone in (chain[2], chain[4], link["id"], sub["id"]):
        assert api.get(path + gone).status_code == 404
    deleted = _audit(admin, org, "material.deleted", chain[1])
    assert deleted and deleted[0]["data"]["items"] == 7
    assert api.patch(path + "01ARZ3NDEKTSV4RRFFQ69G5FAV", json={"title": "x"}).status_code == 404
    r = api.patch(path + chain[0], json={"url": "https://example.org"})
    assert r.status_code == 422 and error_code(r) == "not_a_link"
