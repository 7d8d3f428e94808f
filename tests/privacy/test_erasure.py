"""Deletion: the account is switched off at once, erased after the grace period, and then no
row of the database holds the person's name, e-mail, phone, login or words."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from parta.files.storage import LocalStorage
from parta.kit.clock import clock
from parta.models import Account, Membership, ParentLink, StoredFile
from tests.builders import PASSWORD, ClassInfo, Person, make_class, make_member
from tests.communities import helpers as communities
from tests.files.helpers import PDF, png, uploaded
from tests.harness import Api, LiveServer
from tests.invites.helpers import invite, registration, rows, signed_in
from tests.polls.helpers import create as create_poll
from tests.polls.helpers import voted
from tests.privacy.helpers import (
    chat_of_kind,
    find_anywhere,
    history,
    make_family,
    overview,
    ready_export,
    run_erasure,
    send,
    subject,
)

DELETED = "Удалённый пользователь"
GRACE = 30 * 86400


def _register_teacher(server: LiveServer, org_id: str, admin: Api) -> tuple[Api, dict[str, Any]]:
    suffix = secrets.token_hex(3)
    body = registration(
        display_name=f"Ариадна Стирателева {suffix}",
        email=f"ariadna.{suffix}@example.org",
        phone="+7916" + "".join(secrets.choice("0123456789") for _ in range(7)),
    )
    inv = invite(admin, org_id, "teacher")
    r = Api(server.url).post(f"/invite/{inv['token']}/register", json=body)
    assert r.status_code == 201, r.text
    membership_id = r.json()["membership"]["membership_id"]
    v = admin.post(f"/orgs/{org_id}/members/{membership_id}/verify")
    assert v.status_code == 200, v.text
    return signed_in(server, r.json()["token"]), {**body, "membership_id": membership_id}


def _stored_hashes(server: LiveServer, account_id: str) -> list[str]:
    return [f.sha256 for f in rows(server, StoredFile, StoredFile.uploaded_by == account_id)]


def _blob_exists(server: LiveServer, sha: str) -> bool:
    storage = LocalStorage(server.settings.files_dir)
    return server.run(storage.exists(sha))


def test_erasure_leaves_no_personal_data(server: LiveServer) -> None:
    f = make_family(server)
    org = f.org.id
    admin = f.org.admin.client(server)
    me, who = _register_teacher(server, org, admin)
    me_id = me.get("/me").json()["id"]
    cls: ClassInfo = make_class(
        server, org, 7, "Е", teacher=Person(me_id, who["email"], PASSWORD, "", who["membership_id"])
    )
    student = make_member(server, org, "student", class_id=cls.id)
    kid = student.client(server)
    secret = f"Кракозябра{secrets.token_hex(2)}"

    # Everything a teacher leaves behind in a term.
    chat = chat_of_kind(me, org, "class")
    said = send(me, org, chat, f"{secret}: звоните мне на {who['phone']}, пишите {who['email']}")
    r = me.patch(f"/orgs/{org}/chats/{chat}/messages/{said['id']}", json={"body": f"{secret}!"})
    assert r.status_code == 200, r.text
    unique_pdf = PDF + f"% {secret}\n".encode()
    doc = uploaded(me, org, chat, f"{who['display_name']}.pdf", unique_pdf)
    send(me, org, chat, "Задание во вложении", attachment_ids=[doc["id"]])
    r = me.put("/me/avatar", files={"image": ("me.png", png(color="purple"), "image/png")})
    assert r.status_code == 200, r.text
    poll = create_poll(me, org, chat, question=f"{secret} опрос", anonymous=False)
    voted(kid, org, poll["poll"]["id"], poll["poll"]["options"][0]["id"])
    voted(me, org, poll["poll"]["id"], poll["poll"]["options"][1]["id"])
    group = me.post(
        f"/orgs/{org}/chats", json={"title": "Кружок", "member_ids": [student.account_id]}
    )
    assert group.status_code == 201, group.text
    group_id = group.json()["id"]
    send(me, org, group_id, f"{secret} в кружке")
    r = me.put(f"/orgs/{org}/chats/{chat}/me", json={"draft": f"{secret} черновик"})
    assert r.status_code == 204, r.text
    # A community across schools keeps its own posts, with the author's name as written.
    community = communities.created(me, org, title="Методобъединение")
    assert communities.post(me, community["id"], f"{secret} в сообществе").status_code == 201
    # Other people: a reply, a mention, a forward and a reaction.
    reply = send(kid, org, chat, "Понял", reply_to_id=said["id"])
    mention = send(kid, org, chat, f"Спасибо, <@{me_id}>!")
    r = kid.post(
        f"/orgs/{org}/chats/{chat}/messages/{said['id']}/forward",
        json={"client_id": str(uuid.uuid4()), "to_chat_id": group_id},
    )
    assert r.status_code == 201, r.text
    forwarded = r.json()
    assert (
        kid.put(f"/orgs/{org}/chats/{chat}/messages/{said['id']}/reactions/👍").status_code == 204
    )
    # An archive of their data, and a failed sign-in with their address.
    assert me.post(f"/me/privacy/subjects/{me_id}/exports").status_code == 202
    ready_export(server, me, me_id)
    Api(server.url).post("/auth/sign-in", json={"login": who["email"], "password": "wrong one!"})
    hashes = _stored_hashes(server, me_id)
    assert len(hashes) >= 3  # the file, the avatar, the archive
    needles = [who["display_name"], who["email"], who["phone"], secret]
    assert find_anywhere(server, needles)  # the scan finds them while they are there

    # Deletion: switched off at once, erased after the grace period.
    r = me.post(
        f"/me/privacy/subjects/{me_id}/deletion", json={"password": "nope", "confirm": True}
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "wrong_password"
    r = me.post(
        f"/me/privacy/subjects/{me_id}/deletion",
        json={"password": who["password"], "confirm": True},
    )
    assert r.status_code == 202, r.text
    assert (r.json()["reason"], r.json()["status"]) == ("self", "scheduled")
    assert me.get("/me").status_code == 401
    assert run_erasure(server) == 0  # not yet due
    clock.advance(GRACE + 60)
    assert run_erasure(server) >= 1

    hits = find_anywhere(server, needles)
    assert hits == [], "\n".join(map(str, hits))
    gone = rows(server, Account, Account.id == me_id)[0]
    assert gone.display_name == DELETED and gone.deleted_at is not None
    assert (gone.email, gone.phone, gone.username, gone.password_hash) == (None, None, None, None)
    assert not any(_blob_exists(server, sha) for sha in hashes)
    (m,) = rows(server, Membership, Membership.id == who["membership_id"])
    assert (m.status, m.full_name, m.contact_email) == ("removed", DELETED, None)

    # Conversations keep their shape: tombstones from "Удалённый пользователь".
    kid = student.client(server)  # a month has passed: sessions expired
    messages = {x["id"]: x for x in history(kid, org, chat)}
    theirs = messages[said["id"]]
    assert (theirs["author_name"], theirs["deleted"], theirs["body"]) == (DELETED, True, "")
    assert messages[reply["id"]]["body"] == "Понял"
    assert messages[reply["id"]]["reply_to"]["author_name"] == DELETED
    assert messages[mention["id"]]["body"] == f"Спасибо, <@{me_id}>!"
    assert DELETED in messages[mention["id"]]["html"]
    copy = next(x for x in history(kid, org, group_id) if x["id"] == forwarded["id"])
    assert (copy["deleted"], copy["body"], copy["forwarded_from"]) == (True, "", DELETED)
    # The group chat got a new owner; the erased person cannot sign in.
    r = Api(server.url).post(
        "/auth/sign-in", json={"login": who["email"], "password": who["password"]}
    )
    assert r.status_code == 401


def test_parent_erases_a_minor_child(server: LiveServer) -> None:
    f = make_family(server)
    org = f.org.id
    child = f.child.client(server)
    parent = f.parent.client(server)
    chat = chat_of_kind(child, org, "class")
    secret = f"Тайна{secrets.token_hex(2)}"
    said = send(child, org, chat, f"{secret}, меня зовут {f.child.name}")
    # The child cannot erase their own account: the parent decides.
    r = child.post(
        f"/me/privacy/subjects/{f.child.account_id}/deletion",
        json={"password": PASSWORD, "confirm": True},
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "guardian_required"
    r = parent.post(
        f"/me/privacy/subjects/{f.child.account_id}/deletion",
        json={"password": PASSWORD, "confirm": False},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "confirm_required"
    r = parent.post(
        f"/me/privacy/subjects/{f.child.account_id}/deletion",
        json={"password": PASSWORD, "confirm": True},
    )
    assert r.status_code == 202, r.text
    assert r.json()["reason"] == "guardian"
    assert child.get("/me").status_code == 401
    # Cancel and ask again: the parent may change their mind within the grace period.
    assert parent.delete(f"/me/privacy/subjects/{f.child.account_id}/deletion").status_code == 204
    assert f.child.client(server).get("/me").status_code == 200
    assert parent.delete(f"/me/privacy/subjects/{f.child.account_id}/deletion").status_code == 404
    r = parent.post(
        f"/me/privacy/subjects/{f.child.account_id}/deletion",
        json={"password": PASSWORD, "confirm": True},
    )
    assert r.status_code == 202, r.text
    assert subject(parent, f.child.account_id)["deletion"]["status"] == "scheduled"
    clock.advance(GRACE + 60)
    assert run_erasure(server) >= 1
    assert find_anywhere(server, [f.child.name, f.child.email, secret]) == []
    teacher = f.teacher.client(server)  # a month has passed: sessions expired
    parent = f.parent.client(server)
    (tomb,) = [x for x in history(teacher, org, chat) if x["id"] == said["id"]]
    assert (tomb["author_name"], tomb["deleted"]) == (DELETED, True)
    assert f.child.membership_id
    assert rows(server, ParentLink, ParentLink.student_membership_id == f.child.membership_id) == []
    # The erased child is no longer the parent's to manage.
    assert [s["relation"] for s in overview(parent)["subjects"]] == ["self"]


def test_administrators_erase_only_their_own_members(server: LiveServer) -> None:
    f = make_family(server)
    org = f.org.id
    admin = f.org.admin.client(server)
    other = make_family(server)
    # Someone else's member: invisible.
    r = admin.post(
        f"/orgs/{org}/privacy/deletions", json={"membership_id": other.child.membership_id}
    )
    assert r.status_code == 404
    # Not another administrator, not themselves, not someone who belongs elsewhere too.
    second_admin = make_member(server, org, "admin")
    r = admin.post(
        f"/orgs/{org}/privacy/deletions", json={"membership_id": second_admin.membership_id}
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "target_is_admin"
    r = admin.post(
        f"/orgs/{org}/privacy/deletions", json={"membership_id": f.org.admin.membership_id}
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "erase_yourself_in_settings"
    make_member(server, other.org.id, "staff", person=f.teen)
    r = admin.post(f"/orgs/{org}/privacy/deletions", json={"membership_id": f.teen.membership_id})
    assert r.status_code == 403 and r.json()["error"]["code"] == "member_of_other_orgs"
    # Teachers may not; the organisation may turn it off.
    teacher = f.teacher.client(server)
    r = teacher.post(
        f"/orgs/{org}/privacy/deletions", json={"membership_id": f.child.membership_id}
    )
    assert r.status_code == 403
    assert teacher.get(f"/orgs/{org}/privacy/deletions").status_code == 403
    r = admin.patch(f"/orgs/{org}/privacy/settings", json={"admins_may_erase": False})
    assert r.status_code == 200, r.text
    r = admin.post(f"/orgs/{org}/privacy/deletions", json={"membership_id": f.child.membership_id})
    assert r.status_code == 403 and r.json()["error"]["code"] == "erasure_not_allowed"
    admin.patch(f"/orgs/{org}/privacy/settings", json={"admins_may_erase": True})

    child = f.child.client(server)
    r = admin.post(f"/orgs/{org}/privacy/deletions", json={"membership_id": f.child.membership_id})
    assert r.status_code == 202, r.text
    req = r.json()
    assert (req["name"], req["reason"], req["status"]) == (f.child.name, "admin", "scheduled")
    assert child.get("/me").status_code == 401
    listed = admin.get(f"/orgs/{org}/privacy/deletions").json()
    assert [d["id"] for d in listed] == [req["id"]]
    other_admin = other.org.admin.client(server)
    assert (
        other_admin.post(f"/orgs/{other.org.id}/privacy/deletions/{req['id']}/cancel").status_code
        == 404
    )
    assert other_admin.get(f"/orgs/{other.org.id}/privacy/deletions").json() == []
    r = admin.post(f"/orgs/{org}/privacy/deletions/{req['id']}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    r = admin.post(f"/orgs/{org}/privacy/deletions/{req['id']}/cancel")
    assert r.status_code == 409 and r.json()["error"]["code"] == "deletion_not_scheduled"
    assert f.child.client(server).get("/me").status_code == 200


def test_last_administrator_cannot_leave_the_school_without_one(server: LiveServer) -> None:
    f = make_family(server)
    admin = f.org.admin.client(server)
    r = admin.post(
        f"/me/privacy/subjects/{f.org.admin.account_id}/deletion",
        json={"password": PASSWORD, "confirm": True},
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "last_admin"
