"""The data archive: what it holds, file by file; who may download it; how often; expiry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from parta.kit.clock import clock, utcnow
from parta.models import DataExport, StoredFile
from parta.privacy import exports
from tests.files.helpers import PDF, uploaded
from tests.harness import Api, LiveServer, body_of
from tests.invites.helpers import rows, wait_mail
from tests.polls.helpers import create as create_poll
from tests.polls.helpers import voted
from tests.privacy.helpers import (
    Family,
    chat_of_kind,
    consent,
    download_zip,
    make_family,
    ready_export,
    send,
    subject,
    zip_json,
)

SECRET_NOTE = "Я забыл сменку в 5А"


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _child_activity(server: LiveServer, f: Family) -> dict[str, Any]:
    org = f.org.id
    child = f.child.client(server)
    teacher = f.teacher.client(server)
    chat = chat_of_kind(child, org, "class")
    note = send(teacher, org, chat, "Завтра контрольная")
    mine = send(child, org, chat, SECRET_NOTE)
    doc = uploaded(child, org, chat, "сочинение.pdf", PDF)
    with_file = send(child, org, chat, "Моё сочинение", attachment_ids=[doc["id"]])
    r = child.put(f"/orgs/{org}/chats/{chat}/messages/{note['id']}/reactions/👍")
    assert r.status_code == 204, r.text
    public = create_poll(teacher, org, chat, question="Куда поедем?", anonymous=False)
    secret = create_poll(teacher, org, chat, question="Кто боится контрольной?")
    voted(child, org, public["poll"]["id"], public["poll"]["options"][0]["id"])
    voted(child, org, secret["poll"]["id"], secret["poll"]["options"][1]["id"])
    event = teacher.post(
        f"/orgs/{org}/events",
        json={
            "scope": "class",
            "class_id": f.young_class.id,
            "title": "Экскурсия в музей",
            "starts_at": (utcnow() + timedelta(days=3)).isoformat(),
            "ends_at": (utcnow() + timedelta(days=3, hours=2)).isoformat(),
        },
    )
    assert event.status_code == 201, event.text
    r = child.put(f"/orgs/{org}/events/{event.json()['id']}/rsvp", json={"answer": "going"})
    assert r.status_code == 200, r.text
    return {"chat": chat, "mine": mine, "with_file": with_file, "public": public}


def test_archive_holds_the_childs_data_file_by_file(server: LiveServer) -> None:
    f = make_family(server)
    did = _child_activity(server, f)
    parent = f.parent.client(server)
    assert consent(parent, f.child.account_id, f.org.id).status_code == 201
    r = parent.post(f"/me/privacy/subjects/{f.child.account_id}/exports")
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "pending" and r.json()["download_url"] is None
    ready = ready_export(server, parent, f.child.account_id)
    assert ready["size"] > 0 and ready["expires_at"]
    mail = wait_mail(server, f.parent.email, "Архив данных готов")
    assert "/settings/data" in body_of(mail)

    zf = download_zip(parent, ready["download_url"])
    names = set(zf.namelist())
    assert {
        "README.txt",
        "profile.json",
        "memberships.json",
        "consents.json",
        "messages.json",
        "files.json",
        "reactions.json",
        "events.json",
        "polls.json",
        "confirmations.json",
        "handins.json",
    } <= names
    profile = zip_json(zf, "profile.json")
    assert (profile["id"], profile["display_name"], profile["email"]) == (
        f.child.account_id,
        f.child.name,
        f.child.email,
    )
    (membership,) = zip_json(zf, "memberships.json")
    assert (membership["organisation"], membership["role"], membership["class"]) == (
        f.org.name,
        "student",
        "5А",
    )
    assert membership["parents"] == [{"name": f.parent.name, "status": "confirmed"}]
    (given,) = zip_json(zf, "consents.json")
    assert (given["given_by"], given["organisation"]) == ("guardian", f.org.name)

    messages = {m["id"]: m for m in zip_json(zf, "messages.json")}
    assert set(messages) == {did["mine"]["id"], did["with_file"]["id"]}
    mine = messages[did["mine"]["id"]]
    assert mine["text"] == SECRET_NOTE
    assert mine["chat"]["title"] == "5А" and mine["chat"]["organisation"] == f.org.name
    assert _at(mine["sent_at"]) == _at(did["mine"]["created_at"])
    (path,) = messages[did["with_file"]["id"]]["files"]
    assert path == "files/5А/сочинение.pdf"
    assert zf.read(path) == PDF
    (file_entry,) = zip_json(zf, "files.json")
    assert (file_entry["path"], file_entry["size"]) == (path, len(PDF))

    (reaction,) = zip_json(zf, "reactions.json")
    assert reaction["emoji"] == "👍"
    # Only the vote in the poll that is not anonymous.
    assert [(v["question"], v["option"]) for v in zip_json(zf, "polls.json")] == [
        ("Куда поедем?", did["public"]["poll"]["options"][0]["text"])
    ]
    (answer,) = zip_json(zf, "events.json")
    assert (answer["event"], answer["answer"]) == ("Экскурсия в музей", "going")
    assert zip_json(zf, "handins.json") == [] and zip_json(zf, "confirmations.json") == []

    # The child may download their own archive too.
    assert download_zip(f.child.client(server), ready["download_url"]).read("profile.json")


def test_only_the_person_or_their_parent_downloads(server: LiveServer) -> None:
    f = make_family(server)
    child = f.child.client(server)
    r = child.post(f"/me/privacy/subjects/{f.child.account_id}/exports")
    assert r.status_code == 202, r.text
    url: str = ready_export(server, child, f.child.account_id)["download_url"]
    path = url.removeprefix("/api/v1")
    for stranger in (f.teacher, f.teen_parent, f.org.admin, f.teen):
        assert stranger.client(server).get(path).status_code == 404
    assert Api(server.url).get(path).status_code == 401
    assert child.get(path.replace("sig=", "sig=x")).status_code == 403
    # Someone else's child is not the parent's to export either.
    r = f.teen_parent.client(server).post(f"/me/privacy/subjects/{f.child.account_id}/exports")
    assert r.status_code == 404
    # Links expire with the hour; a fresh one comes with the overview.
    clock.advance(2 * 3600 + 60)
    assert child.get(path).status_code == 410
    fresh = subject(child, f.child.account_id)["exports"][0]["download_url"]
    assert fresh != url and child.get(fresh.removeprefix("/api/v1")).status_code == 200


def test_one_archive_a_day_and_expiry(server: LiveServer) -> None:
    f = make_family(server)
    teen = f.teen.client(server)
    r = teen.post(f"/me/privacy/subjects/{f.teen.account_id}/exports")
    assert r.status_code == 202, r.text
    r2 = teen.post(f"/me/privacy/subjects/{f.teen.account_id}/exports")
    assert r2.status_code in (409, 429), r2.text  # still building, or built already
    ready = ready_export(server, teen, f.teen.account_id)
    r3 = teen.post(f"/me/privacy/subjects/{f.teen.account_id}/exports")
    assert r3.status_code == 429 and r3.json()["error"]["code"] == "export_too_soon"
    assert subject(teen, f.teen.account_id)["next_export_at"] is not None

    (row,) = rows(server, DataExport, DataExport.id == ready["id"])
    file_id = row.file_id
    assert file_id is not None
    clock.advance(8 * 86400)
    assert server.run(exports.expire_old(server.app.state.sessionmaker)) >= 1
    gone = subject(teen, f.teen.account_id)["exports"][0]
    assert (gone["status"], gone["download_url"]) == ("expired", None)
    assert rows(server, StoredFile, StoredFile.id == file_id) == []
    assert teen.get(ready["download_url"].removeprefix("/api/v1")).status_code in (404, 410)
    # A day later, a new one may be asked for.
    assert teen.post(f"/me/privacy/subjects/{f.teen.account_id}/exports").status_code == 202
