"""The verified content catalogue: submissions, the operator's review, browsing and
sharing into a chat."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.catalogue.policy import Role, is_catalogue_teacher
from parta.models import Attachment, CatalogueItem
from tests.builders import Person, make_member, make_org, make_person
from tests.catalogue.helpers import operator_add, submit
from tests.chats.helpers import School, error_code, make_school
from tests.files.helpers import PDF, class_chat, get_file, png
from tests.harness import LiveServer


@pytest.fixture(scope="module")
def s(server: LiveServer) -> School:
    return make_school(server, students=1)


@pytest.fixture(scope="module")
def operator(server: LiveServer) -> Person:
    return make_person(server, "Оператор", operator=True)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([("teacher", True)], True),
        ([("teacher", False)], False),
        ([("head", True)], True),
        ([("admin", False)], True),  # administrators are verified by being administrators
        ([("staff", True)], False),
        ([("student", False), ("parent", False)], False),
        ([("parent", False), ("teacher", True)], True),
        ([], False),
    ],
)
def test_who_is_a_catalogue_teacher(roles: list[tuple[str, bool]], expected: bool) -> None:
    assert is_catalogue_teacher(Role(r, v) for r, v in roles) is expected


def test_only_verified_teachers_submit_and_browse(server: LiveServer, s: School) -> None:
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    for person in (s.students[0], s.parents[0], unverified):
        api = person.client(server)
        r = submit(api, s.org.id)
        assert r.status_code == 403 and error_code(r) == "catalogue_teachers_only"
        r = api.get("/catalogue/items")
        assert r.status_code == 403 and error_code(r) == "catalogue_teachers_only"
    # The operator's console does not exist for teachers.
    teacher = s.teacher.client(server)
    assert teacher.get("/operator/catalogue/items").status_code == 404
    assert teacher.post("/operator/catalogue/items", data={}).status_code == 404


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"subject": "alchemy"}, "subject"),
        ({"grades": "13"}, "grades"),
        ({"grades": "пятый"}, "grades"),
        ({"grades": ""}, "grades"),
        ({"title": ""}, "title"),
        ({"language": "klingon"}, "language"),
        ({"url": ""}, "file"),  # neither a file nor a link
    ],
)
def test_bad_submissions_name_the_field(
    server: LiveServer, s: School, over: dict[str, str], field: str
) -> None:
    teacher = s.teacher.client(server)
    if over.get("url") == "":
        r = teacher.post(
            f"/orgs/{s.org.id}/catalogue/submissions",
            data={"title": "x", "subject": "math", "grades": "5"},
            files={"x": (None, "")},
        )
    else:
        r = submit(teacher, s.org.id, **over)
    assert r.status_code == 422 and error_code(r) == "invalid_item", r.text
    assert field in r.json()["error"]["fields"]


def test_links_and_files_are_checked(server: LiveServer, s: School) -> None:
    teacher = s.teacher.client(server)
    r = submit(teacher, s.org.id, url="javascript:alert(1)")
    assert r.status_code == 422 and error_code(r) == "invalid_url"
    r = submit(teacher, s.org.id, ("a.pdf", PDF), url="https://example.org")
    assert r.status_code == 422 and "file" in r.json()["error"]["fields"]
    r = submit(teacher, s.org.id, ("empty.pdf", b""))
    assert r.status_code == 422


def test_review_flow(server: LiveServer, s: School, operator: Person) -> None:
    teacher = s.teacher.client(server)
    op = operator.client(server)
    link = submit(teacher, s.org.id, title="Уникальная ссылка про дроби", url="https://ex.org/x")
    assert link.status_code == 201, link.text
    item = link.json()
    assert item["status"] == "pending" and item["kind"] == "link" and item["grades"] == [5, 6]
    # Pending: invisible to other teachers, in the browse list of nobody.
    other = s.other_teacher.client(server)
    assert other.get(f"/catalogue/items/{item['id']}").status_code == 404
    found = teacher.get("/catalogue/items", params={"q": "уникальная"}).json()["items"]
    assert found == []
    assert teacher.get(f"/catalogue/items/{item['id']}").status_code == 200  # mine

    queue = op.get("/operator/catalogue/items").json()["items"]
    mine = next(i for i in queue if i["id"] == item["id"])
    assert mine["submitted_by"]["name"] == s.teacher.name
    assert mine["submitted_by"]["org_id"] == s.org.id

    r = op.post(f"/operator/catalogue/items/{item['id']}/reject", json={"reason": "Битая ссылка"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    again = op.post(f"/operator/catalogue/items/{item['id']}/approve")
    assert again.status_code == 409 and error_code(again) == "already_reviewed"
    mine_list = teacher.get("/catalogue/mine").json()["items"]
    rejected = next(i for i in mine_list if i["id"] == item["id"])
    assert rejected["status"] == "rejected" and rejected["reject_reason"] == "Битая ссылка"

    # A file, approved: every verified teacher of any organisation finds it.
    r = submit(teacher, s.org.id, ("дроби.pdf", PDF), title="Дроби: рабочий лист", grades="5")
    assert r.status_code == 201, r.text
    sheet = r.json()
    assert sheet["file"]["mime"] == "application/pdf"
    r = op.post(f"/operator/catalogue/items/{sheet['id']}/approve")
    assert r.status_code == 200 and r.json()["status"] == "verified"
    elsewhere = make_member(server, make_org(server).id, "teacher").client(server)
    page = elsewhere.get("/catalogue/items", params={"q": "РАБОЧИЙ лист", "grade": 5}).json()
    assert [i["id"] for i in page["items"]] == [sheet["id"]]
    assert page["items"][0]["reject_reason"] is None
    got = get_file(elsewhere, page["items"][0]["file"]["url"])
    assert got.status_code == 200 and got.content == PDF
    student = s.students[0].client(server)
    assert get_file(student, page["items"][0]["file"]["url"]).status_code == 403
    # The audit logs have it: the school's (submission) and the platform's (decisions).
    audit = s.org.admin.client(server).get(
        f"/orgs/{s.org.id}/audit", params={"action": "catalogue.submitted"}
    )
    assert {e["target_id"] for e in audit.json()["items"]} >= {item["id"], sheet["id"]}


def test_browse_by_subject_grade_words_and_pages(server: LiveServer, operator: Person) -> None:
    op = operator.client(server)
    tag = "квазар" + str(id(op))[-4:]
    made = [
        operator_add(op, title=f"Звёзды {tag} один", subject="astronomy", grades="10,11"),
        operator_add(op, title=f"Звезды {tag} два", subject="astronomy", grades="11"),
        operator_add(op, title=f"Стихи {tag}", subject="literature", grades="5"),
        operator_add(op, file=("map.png", png()), title=f"Карта {tag}", subject="geography"),
    ]
    assert all(m["status"] == "verified" and m["by_operator"] for m in made)
    assert made[3]["file"]["kind"] == "image" and made[3]["file"]["thumb_url"]
    teacher = make_member(server, make_org(server).id, "teacher").client(server)

    def ids(**q: Any) -> list[str]:
        r = teacher.get("/catalogue/items", params={"q": tag, **q})
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert ids(subject="astronomy") == [made[1]["id"], made[0]["id"]]
    assert ids(subject="astronomy", grade=10) == [made[0]["id"]]
    assert ids(q=f"ЗВЁЗДЫ {tag}") == [made[1]["id"], made[0]["id"]]  # ё and е alike
    assert ids(q="100%_ ничего") == []
    first = teacher.get("/catalogue/items", params={"q": tag, "limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    rest = teacher.get(
        "/catalogue/items", params={"q": tag, "limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert [i["id"] for i in rest["items"]] == [made[0]["id"]] and rest["next_cursor"] is None
    assert teacher.get("/catalogue/items", params={"cursor": "bad"}).status_code == 422
    assert teacher.get("/catalogue/items", params={"grade": 13}).status_code == 422
    subjects = teacher.get("/catalogue/subjects").json()
    assert {"code": "math", "name": "Математика"} in subjects

    # The operator withdraws an item: it is gone from the catalogue.
    assert op.delete(f"/operator/catalogue/items/{made[2]['id']}").status_code == 204
    assert teacher.get(f"/catalogue/items/{made[2]['id']}").status_code == 404


def test_share_into_a_chat(server: LiveServer, s: School, operator: Person) -> None:
    op = operator.client(server)
    sheet = operator_add(
        op,
        file=("задачи.pdf", PDF),
        title="Задачи [на] *дроби*",
        grades="5,6,7",
        description="- для всех @all <@01ARZ3NDEKTSV4RRFFQ69G5FAV>",
    )
    link = operator_add(op, title="Видеоурок", url="https://example.org/video(1)")
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    path = f"/orgs/{s.org.id}/catalogue/items/{sheet['id']}/share"
    body = {"chat_id": chat, "client_id": "share-1", "comment": "К уроку в пятницу"}
    r = teacher.post(path, json=body)
    assert r.status_code == 201, r.text
    msg = r.json()
    assert msg["body"].startswith("К уроку в пятницу")
    # The item's text shows as typed: no emphasis, list, mention or @all from it.
    assert "Задачи [на] ∗дроби∗" in msg["html"] and "<em>дроби" not in msg["html"]
    assert "<li>" not in msg["html"] and "mention" not in msg["html"]
    assert msg["mentions_all"] is False
    assert "5–7 класс" in msg["html"]
    assert [a["name"] for a in msg["attachments"]] == ["задачи.pdf"]
    again = teacher.post(path, json=body)
    assert again.status_code == 201 and again.json()["id"] == msg["id"]

    # Members of the chat open the file like any chat file; the history shows it.
    student = s.students[0].client(server)
    got = get_file(student, msg["attachments"][0]["url"])
    assert got.status_code == 200 and got.content == PDF
    history = student.get(f"/orgs/{s.org.id}/chats/{chat}/messages").json()
    assert any(m["id"] == msg["id"] and m["attachments"] for m in history["messages"])
    assert get_file(s.other_student.client(server), msg["attachments"][0]["url"]).status_code == 404

    async def copies(db: AsyncSession) -> tuple[int, set[str | None]]:
        rows = (
            await db.execute(
                sa.select(Attachment.file_id).where(Attachment.message_id == msg["id"])
            )
        ).all()
        item = await db.get(CatalogueItem, sheet["id"])
        assert item is not None
        return len(rows), {r[0] for r in rows} | {item.file_id}

    count, file_ids = server.db(copies)
    assert count == 1 and len(file_ids) == 1  # the catalogue's own bytes, no copy

    r = teacher.post(
        f"/orgs/{s.org.id}/catalogue/items/{link['id']}/share",
        json={"chat_id": chat, "client_id": "share-2"},
    )
    assert r.status_code == 201, r.text
    assert 'href="https://example.org/video%281%29"' in r.json()["html"]

    # Students cannot share; pending items and chats I am not in are not there.
    r = student.post(path, json={"chat_id": chat, "client_id": "x"})
    assert r.status_code == 403 and error_code(r) == "catalogue_teachers_only"
    pending = submit(teacher, s.org.id, title="На проверке").json()
    r = teacher.post(
        f"/orgs/{s.org.id}/catalogue/items/{pending['id']}/share",
        json={"chat_id": chat, "client_id": "x"},
    )
    assert r.status_code == 404
    other_chat = class_chat(s, s.other_teacher.client(server))
    r = teacher.post(path, json={"chat_id": other_chat, "client_id": "y"})
    assert r.status_code == 404


def test_garbage_input_is_a_clear_4xx(server: LiveServer, s: School, operator: Person) -> None:
    teacher, op = s.teacher.client(server), operator.client(server)
    assert teacher.get("/catalogue/items", params={"q": "дроби\x00"}).status_code == 200
    assert teacher.get("/catalogue/items", params={"subject": "ma\x00th"}).status_code == 422
    assert teacher.get("/catalogue/items/%00").status_code == 404
    item = submit(teacher, s.org.id, description="нулевой\x00байт").json()
    assert item["description"] == "нулевойбайт"
    r = op.post(f"/operator/catalogue/items/{item['id']}/reject", json={"reason": "\x00"})
    assert r.status_code == 422
    r = op.post(f"/operator/catalogue/items/{item['id']}/reject", json={"reason": []})
    assert r.status_code == 422
    path = f"/orgs/{s.org.id}/catalogue/items/{item['id']}/share"
    r = teacher.post(path, json={"chat_id": "x", "client_id": "a\x00b"})
    assert r.status_code == 422
    assert teacher.post(path, json=[]).status_code == 422
    assert op.post("/operator/catalogue/items/%00/approve").status_code == 404
