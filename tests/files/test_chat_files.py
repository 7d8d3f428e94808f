"""Uploading files into a chat and sending them in a message."""

from __future__ import annotations

from tests.chats.helpers import error_code, make_school
from tests.files.helpers import PDF, class_chat, png, send, upload, uploaded
from tests.harness import LiveServer


def test_upload_and_send_two_files(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = class_chat(s, teacher)
    doc = uploaded(teacher, s.org.id, chat, "Расписание.pdf", PDF)
    pic = uploaded(teacher, s.org.id, chat, "доска.png", png())
    assert doc["kind"] == "file" and doc["mime"] == "application/pdf"
    assert doc["name"] == "Расписание.pdf" and doc["size"] == len(PDF)
    assert pic["kind"] == "image" and (pic["width"], pic["height"]) == (40, 30)
    assert pic["thumb_url"] and pic["preview_url"] and doc["thumb_url"] is None

    r = send(teacher, s.org.id, chat, [pic["id"], doc["id"]])  # no text: files are enough
    assert r.status_code == 201, r.text
    assert [a["id"] for a in r.json()["attachments"]] == [pic["id"], doc["id"]]

    page = student.get(f"/orgs/{s.org.id}/chats/{chat}/messages").json()
    seen = next(m for m in page["messages"] if m["id"] == r.json()["id"])
    assert [a["name"] for a in seen["attachments"]] == ["доска.png", "Расписание.pdf"]

    # Sent uploads cannot be sent again, nor cancelled.
    again = send(teacher, s.org.id, chat, [doc["id"]])
    assert again.status_code == 422 and error_code(again) == "bad_attachment"
    gone = teacher.delete(f"/orgs/{s.org.id}/chats/{chat}/uploads/{doc['id']}")
    assert gone.status_code == 409


def test_type_comes_from_content_not_name(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    liar = uploaded(teacher, s.org.id, chat, "photo.jpg", PDF)
    assert liar["mime"] == "application/pdf" and liar["kind"] == "file"
    html = uploaded(teacher, s.org.id, chat, "notes.txt", b"<!DOCTYPE html><script>1</script>")
    assert html["mime"] == "text/html" and html["kind"] == "file"
    text = uploaded(teacher, s.org.id, chat, "заметка.txt", "Привет, класс!".encode())
    assert text["mime"] == "text/plain"


def test_bad_uploads_are_refused_clearly(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    empty = upload(teacher, s.org.id, chat, "empty.pdf", b"")
    assert empty.status_code == 422 and error_code(empty) == "empty_file"
    missing = teacher.post(f"/orgs/{s.org.id}/chats/{chat}/uploads", data={"voice": "true"})
    assert missing.status_code in (415, 422)
    not_voice = upload(teacher, s.org.id, chat, "v.pdf", PDF, voice="true")
    assert not_voice.status_code == 422 and error_code(not_voice) == "invalid_voice"
    bad_duration = upload(teacher, s.org.id, chat, "a.pdf", PDF, duration_ms="-5")
    assert bad_duration.status_code == 422
    broken = upload(teacher, s.org.id, chat, "x.png", png()[:60])
    assert broken.status_code == 422 and error_code(broken) == "invalid_image"


def test_voice_message(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    chat = class_chat(s, student)
    webm = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d") + b"\0" * 64
    r = upload(student, s.org.id, chat, "blob", webm, voice="true", duration_ms="3500")
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == "voice" and r.json()["duration_ms"] == 3500
    assert r.json()["mime"] == "audio/webm"


def test_who_may_upload_and_send(server: LiveServer) -> None:
    s = make_school(server)
    teacher, other = s.teacher.client(server), s.other_student.client(server)
    student = s.students[0].client(server)
    chat = class_chat(s, teacher)
    # Not a member of the chat: the chat does not exist for them.
    assert upload(other, s.org.id, chat).status_code == 404
    # Another person's upload cannot be sent or cancelled by me.
    mine = uploaded(teacher, s.org.id, chat, "a.pdf", PDF)
    r = send(student, s.org.id, chat, [mine["id"]])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"
    assert student.delete(f"/orgs/{s.org.id}/chats/{chat}/uploads/{mine['id']}").status_code == 404
    # Unknown ids, duplicates and more than ten files are refused.
    assert error_code(send(teacher, s.org.id, chat, ["nope"])) == "bad_attachment"
    assert error_code(send(teacher, s.org.id, chat, [mine["id"], mine["id"]])) == "bad_attachment"
    many = [uploaded(teacher, s.org.id, chat, f"{i}.pdf", PDF)["id"] for i in range(11)]
    assert send(teacher, s.org.id, chat, many).status_code == 422  # the schema's limit
    assert send(teacher, s.org.id, chat, many[:10]).status_code == 201


def test_cancel_pending_upload(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    up = uploaded(teacher, s.org.id, chat, "a.pdf", PDF)
    assert teacher.delete(f"/orgs/{s.org.id}/chats/{chat}/uploads/{up['id']}").status_code == 204
    assert teacher.get(f"/orgs/{s.org.id}/attachments/{up['id']}").status_code == 404
    r = send(teacher, s.org.id, chat, [up["id"]])
    assert r.status_code == 422 and error_code(r) == "bad_attachment"


def test_files_tab_by_kind_with_cursor(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = class_chat(s, teacher)
    sent_ids = []
    for i in range(3):
        pic = uploaded(teacher, s.org.id, chat, f"p{i}.png", png(color=["red", "green", "blue"][i]))
        doc = uploaded(teacher, s.org.id, chat, f"d{i}.pdf", PDF + bytes([i]))
        assert send(teacher, s.org.id, chat, [pic["id"], doc["id"]]).status_code == 201
        sent_ids += [pic["id"], doc["id"]]
    uploaded(teacher, s.org.id, chat, "pending.png", png())  # not sent: not in the tab

    base = f"/orgs/{s.org.id}/chats/{chat}/files"
    everything = student.get(base).json()
    assert [i["attachment"]["id"] for i in everything["items"]] == sent_ids[::-1]
    assert everything["next_before"] is None
    assert everything["items"][0]["author_name"] == s.teacher.name

    first = student.get(base, params={"kind": "image", "limit": 2}).json()
    assert [i["attachment"]["name"] for i in first["items"]] == ["p2.png", "p1.png"]
    rest = student.get(
        base, params={"kind": "image", "limit": 2, "before": first["next_before"]}
    ).json()
    assert [i["attachment"]["name"] for i in rest["items"]] == ["p0.png"]
    assert rest["next_before"] is None
    files = student.get(base, params={"kind": "file"}).json()["items"]
    assert {i["attachment"]["kind"] for i in files} == {"file"} and len(files) == 3

    assert student.get(base, params={"kind": "exe"}).status_code == 422
    assert student.get(base, params={"before": "zzz"}).status_code == 422
    assert s.other_student.client(server).get(base).status_code == 404
