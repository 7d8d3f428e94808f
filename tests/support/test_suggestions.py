"""Suggestions for improving the platform: straight from a member to the operator."""

from __future__ import annotations

from tests.builders import make_member, make_org, make_person
from tests.harness import LiveServer, body_of
from tests.support.helpers import code, ids


def test_a_suggestion_goes_to_the_operator_and_back(server: LiveServer) -> None:
    org = make_org(server)
    teacher_p = make_member(server, org.id, "teacher")
    student_p = make_member(server, org.id, "student")
    operator = make_person(server, "Оператор", operator=True)
    teacher, student, op = (p.client(server) for p in (teacher_p, student_p, operator))

    r = teacher.post(
        f"/orgs/{org.id}/support/suggestions",
        json={"title": "  Тёмная тема\nдля журнала ", "body": "Вечером глаза устают."},
    )
    assert r.status_code == 201, r.text
    s = r.json()
    assert s["title"] == "Тёмная тема для журнала" and s["status"] == "new" and s["reply"] == ""

    # Not the organisation's business: its administrators have no list of suggestions,
    # and other members do not see mine.
    mine = student.get(f"/orgs/{org.id}/support/suggestions").json()
    assert s["id"] not in ids(mine)
    assert teacher.get("/operator/suggestions").status_code == 404

    # The operator sees it with the organisation and decides.
    page = op.get("/operator/suggestions", params={"status": "new"}).json()
    row = next(i for i in page["items"] if i["id"] == s["id"])
    assert row["org_name"] == org.name and row["author"]["name"] == teacher_p.name
    assert page["counts"]["new"] >= 1
    r = op.put(
        f"/operator/suggestions/{s['id']}",
        json={"status": "planned", "reply": "Сделаем в следующем выпуске."},
    )
    assert r.status_code == 200 and r.json()["status"] == "planned"
    mail = server.mailbox.wait_for(teacher_p.email, "Ваше предложение: Тёмная тема")
    assert "запланировано" in body_of(mail) and "следующем выпуске" in body_of(mail)
    (back,) = [i for i in teacher.get(f"/orgs/{org.id}/support/suggestions").json()["items"]]
    assert back["status"] == "planned" and back["reply"] == "Сделаем в следующем выпуске."
    assert back["decided_at"] is not None

    assert op.put(f"/operator/suggestions/{s['id']}", json={"status": "maybe"}).status_code == 422
    assert op.put("/operator/suggestions/nope", json={"status": "done"}).status_code == 404
    r = teacher.post(f"/orgs/{org.id}/support/suggestions", json={"title": " "})
    assert r.status_code == 422 and "title" in r.json()["error"]["fields"]
    r = teacher.get(f"/orgs/{org.id}/support/suggestions", params={"cursor": "x"})
    assert r.status_code == 422 and code(r) == "bad_cursor"
