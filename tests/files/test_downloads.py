"""Who may download a chat file, and how it is served."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import parse_qs, urlencode, urlsplit

from PIL import Image

from parta.kit.clock import clock
from tests.builders import make_member, make_org
from tests.chats.helpers import error_code, make_school
from tests.files.helpers import PDF, class_chat, get_file, png, send, uploaded
from tests.harness import Api, LiveServer


def _with(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return f"{parts.path}?{urlencode(query)}"


def test_download_rules(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = class_chat(s, teacher)
    up = uploaded(teacher, s.org.id, chat, "Контрольная.pdf", PDF)
    # Pending: only the uploader.
    assert get_file(teacher, up["url"]).status_code == 200
    assert get_file(student, up["url"]).status_code == 404
    assert send(teacher, s.org.id, chat, [up["id"]]).status_code == 201

    r = get_file(student, up["url"])  # a member of the chat
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["content-type"] == "application/pdf"
    # Not a member of this chat, a member of another organisation: as if it did not exist.
    assert get_file(s.other_student.client(server), up["url"]).status_code == 404
    outsider_org = make_org(server)
    assert get_file(outsider_org.admin.client(server), up["url"]).status_code == 404
    stranger = make_member(server, outsider_org.id, "teacher").client(server)
    assert get_file(stranger, up["url"]).status_code == 404
    assert stranger.get(f"/orgs/{s.org.id}/attachments/{up['id']}").status_code == 404
    assert stranger.get(f"/orgs/{outsider_org.id}/attachments/{up['id']}").status_code == 404
    # No session: not even with the link.
    with Api(server.url) as anon:
        r = get_file(anon, up["url"])
        assert r.status_code == 401
    # A link we did not sign, or for another variant of the file.
    tampered = get_file(student, _with(up["url"], sig="0" * 43))
    assert tampered.status_code == 403 and error_code(tampered) == "bad_signature"
    assert get_file(student, _with(up["url"], exp="9999999999")).status_code == 403
    assert get_file(student, _with(up["url"], v="thumb")).status_code == 403


def test_expired_link_and_fresh_one(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = class_chat(s, teacher)
    up = uploaded(teacher, s.org.id, chat, "a.pdf", PDF)
    assert send(teacher, s.org.id, chat, [up["id"]]).status_code == 201
    clock.advance(3 * 3600)
    r = get_file(student, up["url"])
    assert r.status_code == 410 and error_code(r) == "link_expired"
    fresh = student.get(f"/orgs/{s.org.id}/attachments/{up['id']}")
    assert fresh.status_code == 200
    assert get_file(student, fresh.json()["url"]).status_code == 200


def test_headers_keep_browsers_from_running_files(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    pdf = uploaded(teacher, s.org.id, chat, "Отчёт за четверть.pdf", PDF)
    r = get_file(teacher, pdf["url"])
    cd = r.headers["content-disposition"]
    assert cd.startswith("inline;")
    assert "filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%D0%B7%D0%B0" in cd
    assert r.headers["x-content-type-options"] == "nosniff"
    # Browsers' PDF viewers do not start in a sandboxed document: inline PDFs go without.
    assert "content-security-policy" not in r.headers
    forced = get_file(teacher, pdf["url"] + "&download=1")
    assert forced.headers["content-disposition"].startswith("attachment;")
    assert forced.headers["content-security-policy"] == "sandbox"
    pic = uploaded(teacher, s.org.id, chat, "фото.png", png())
    r = get_file(teacher, pic["url"])
    assert r.headers["content-disposition"].startswith("inline;")
    assert r.headers["content-security-policy"] == "sandbox"

    html = uploaded(teacher, s.org.id, chat, "page.html", b"<html><script>alert(1)</script></html>")
    svg = uploaded(
        teacher,
        s.org.id,
        chat,
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    )
    for up in (html, svg):
        r = get_file(teacher, up["url"])
        assert r.status_code == 200
        assert r.headers["content-disposition"].startswith("attachment;")
        assert r.headers["content-type"] == "application/octet-stream"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in r.headers["content-security-policy"]


def test_range_requests_for_seeking(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    mp3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40
    up = uploaded(teacher, s.org.id, chat, "урок.mp3", mp3)
    assert up["kind"] == "audio"
    r = get_file(teacher, up["url"], headers={"Range": "bytes=100-199"})
    assert r.status_code == 206
    assert r.content == mp3[100:200]
    assert r.headers["content-range"] == f"bytes 100-199/{len(mp3)}"


def test_thumbnail_and_preview_are_served(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = class_chat(s, teacher)
    pic = uploaded(teacher, s.org.id, chat, "big.png", png((2000, 1000)))
    assert send(teacher, s.org.id, chat, [pic["id"]]).status_code == 201
    for key, longest in (("thumb_url", 320), ("preview_url", 1280)):
        r = get_file(student, pic[key])
        assert r.status_code == 200 and r.headers["content-type"] == "image/webp"
        with Image.open(BytesIO(r.content)) as img:
            assert max(img.size) == longest
