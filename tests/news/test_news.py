"""Platform news, the knowledge base and webinars: the operator writes, members read what
is for their audience (teachers' posts never reach students and parents)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from parta.kit.clock import utcnow
from parta.news.policy import Role, audiences_for
from tests.builders import Person, make_member, make_org, make_person
from tests.harness import Api, LiveServer


@pytest.mark.parametrize(
    ("roles", "operator", "expected"),
    [
        ([("teacher", True)], False, {"teachers", "everyone"}),
        ([("teacher", False)], False, {"everyone"}),
        ([("staff", True)], False, {"teachers", "everyone"}),
        ([("head", True)], False, {"teachers", "everyone"}),
        ([("admin", False)], False, {"teachers", "everyone"}),
        ([("student", False)], False, {"everyone"}),
        ([("parent", False), ("teacher", True)], False, {"teachers", "everyone"}),
        ([], False, set()),
        ([], True, {"teachers", "everyone"}),
    ],
)
def test_audiences(roles: list[tuple[str, bool]], operator: bool, expected: set[str]) -> None:
    assert audiences_for((Role(r, v) for r, v in roles), operator=operator) == expected


@pytest.fixture(scope="module")
def operator(server: LiveServer) -> Person:
    return make_person(server, "Оператор", operator=True)


def post(op: Api, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Новость", "body": "Текст", "category": "news"} | fields
    r = op.post("/operator/news", json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def published(op: Api, **fields: Any) -> dict[str, Any]:
    p = post(op, **fields)
    r = op.post(f"/operator/news/{p['id']}/publish")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def feed_ids(api: Api, **params: Any) -> list[str]:
    r = api.get("/news", params=params)
    assert r.status_code == 200, r.text
    return [p["id"] for p in r.json()["items"]]


def test_teachers_read_students_and_parents_do_not(server: LiveServer, operator: Person) -> None:
    org = make_org(server)
    teacher = make_member(server, org.id, "teacher").client(server)
    unverified = make_member(server, org.id, "teacher", verified=False).client(server)
    student = make_member(server, org.id, "student").client(server)
    parent = make_member(server, org.id, "parent").client(server)
    elsewhere = make_member(server, make_org(server).id, "teacher").client(server)
    op = operator.client(server)

    draft = post(op, title="Черновик методички", body="# Раздел\nтекст", category="howto")
    assert draft["status"] == "draft" and draft["published_at"] is None
    assert draft["html"] == "<h2>Раздел</h2>\n<p>текст</p>"
    assert draft["id"] not in feed_ids(teacher)
    assert teacher.get(f"/news/{draft['id']}").status_code == 404

    for_teachers = published(op, title="Как проверить домашнее задание", category="howto")
    for_all = published(op, title="Новый дизайн приложения", audience="everyone")
    assert for_teachers["status"] == "published" and for_teachers["published_at"]

    for reader in (teacher, elsewhere):  # any organisation's verified teachers
        seen = feed_ids(reader)
        assert for_teachers["id"] in seen and for_all["id"] in seen
        assert reader.get(f"/news/{for_teachers['id']}").status_code == 200
    for reader in (student, parent, unverified):
        seen = feed_ids(reader)
        assert for_all["id"] in seen and for_teachers["id"] not in seen
        assert reader.get(f"/news/{for_teachers['id']}").status_code == 404
        assert reader.get(f"/news/{for_all['id']}").json()["title"] == "Новый дизайн приложения"

    # Outside every organisation: nothing.
    loner = make_person(server).client(server)
    r = loner.get("/news")
    assert r.status_code == 403 and r.json()["error"]["code"] == "news_members_only"

    # Taken back: gone for readers, still in the operator's list.
    r = op.post(f"/operator/news/{for_all['id']}/unpublish")
    assert r.status_code == 200 and r.json()["status"] == "draft"
    assert for_all["id"] not in feed_ids(student)
    assert for_all["id"] in [p["id"] for p in op.get("/operator/news").json()["items"]]
    audit = op.get("/operator/audit", params={"action": "news.unpublished"}).json()
    assert for_all["id"] in {e["target_id"] for e in audit["items"]}


def test_only_the_operator_writes(server: LiveServer, operator: Person) -> None:
    org = make_org(server)
    admin = org.admin.client(server)
    body = {"title": "x", "category": "news"}
    assert admin.post("/operator/news", json=body).status_code == 404
    assert admin.get("/operator/news").status_code == 404
    p = post(operator.client(server))
    assert admin.patch(f"/operator/news/{p['id']}", json={"title": "y"}).status_code == 404
    assert admin.post(f"/operator/news/{p['id']}/publish").status_code == 404
    assert admin.delete(f"/operator/news/{p['id']}").status_code == 404


def test_knowledge_base_search_and_webinars(server: LiveServer, operator: Person) -> None:
    org = make_org(server)
    teacher = make_member(server, org.id, "teacher").client(server)
    op = operator.client(server)
    howto = published(
        op, title="Журнал: ЁЛКИ и выставление оценок", body="Пошагово.", category="howto"
    )
    news = published(op, title="Обновление платформы", body="Про ёлки ничего.")
    soon = published(
        op,
        title="Вебинар: формирующее оценивание",
        category="webinar",
        webinar_at=(utcnow() + timedelta(days=3)).isoformat(),
        webinar_url="https://webinar.example.org/room",
    )
    sooner = published(
        op,
        title="Вебинар: родительское собрание онлайн",
        category="webinar",
        webinar_at=(utcnow() + timedelta(days=1)).isoformat(),
    )
    past = published(
        op,
        title="Прошедший вебинар",
        category="webinar",
        webinar_at=(utcnow() - timedelta(days=2)).isoformat(),
    )

    kb = feed_ids(teacher, category="howto")
    assert howto["id"] in kb and news["id"] not in kb
    assert feed_ids(teacher, q="елки", category="howto") == [howto["id"]]
    assert set(feed_ids(teacher, q="ЁЛКИ")) == {howto["id"], news["id"]}
    assert feed_ids(teacher, q="100%_") == []

    upcoming = [w["id"] for w in teacher.get("/news/webinars").json()]
    assert upcoming.index(sooner["id"]) < upcoming.index(soon["id"])
    assert past["id"] not in upcoming
    assert past["id"] in feed_ids(teacher, category="webinar")  # the archive keeps it
    one = teacher.get(f"/news/{soon['id']}").json()
    assert one["webinar_url"] == "https://webinar.example.org/room"

    # Pages of the feed, newest first, with no repeats.
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = teacher.get("/news", params=params).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) and seen.index(past["id"]) < seen.index(howto["id"])


def test_posts_are_checked_and_safe(server: LiveServer, operator: Person) -> None:
    op = operator.client(server)
    r = op.post("/operator/news", json={"title": "Вебинар", "category": "webinar"})
    assert r.status_code == 422 and "webinar_at" in r.json()["error"]["fields"]
    when = (utcnow() + timedelta(days=1)).isoformat()
    r = op.post(
        "/operator/news",
        json={
            "title": "В",
            "category": "webinar",
            "webinar_at": when,
            "webinar_url": "javascript:1",
        },
    )
    assert r.status_code == 422 and "webinar_url" in r.json()["error"]["fields"]
    r = op.post("/operator/news", json={"title": " ", "category": "news"})
    assert r.status_code == 422 and "title" in r.json()["error"]["fields"]
    r = op.post("/operator/news", json={"title": "x", "category": "gossip"})
    assert r.status_code == 422
    naive = (utcnow() + timedelta(days=1)).replace(tzinfo=None).isoformat()
    r = op.post("/operator/news", json={"title": "x", "category": "webinar", "webinar_at": naive})
    assert r.status_code == 422

    p = post(op, body="<script>alert(1)</script> [ссылка](javascript:alert(1)) **жирно**")
    assert "<script>" not in p["html"] and "href" not in p["html"]
    assert "<strong>жирно</strong>" in p["html"]
    # Changing a news post into a webinar needs the time; changing back drops it.
    r = op.patch(f"/operator/news/{p['id']}", json={"category": "webinar"})
    assert r.status_code == 422
    r = op.patch(f"/operator/news/{p['id']}", json={"category": "webinar", "webinar_at": when})
    assert r.status_code == 200 and r.json()["webinar_at"]
    r = op.patch(f"/operator/news/{p['id']}", json={"category": "howto", "title": None})
    assert r.status_code == 422
    r = op.patch(f"/operator/news/{p['id']}", json={"category": "howto", "body": "## Шаг 1"})
    assert r.status_code == 200
    assert r.json()["webinar_at"] is None and r.json()["html"] == "<h3>Шаг 1</h3>"
    assert op.delete(f"/operator/news/{p['id']}").status_code == 204
    assert op.get(f"/operator/news/{p['id']}").status_code == 404
