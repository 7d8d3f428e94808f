"""Avatars of people and chats: upload, re-encoding without metadata, who may see them."""

from __future__ import annotations

import io
import secrets

from PIL import Image

from tests.builders import make_member, make_org, make_person
from tests.chats.helpers import make_school
from tests.harness import Api, LiveServer


def jpeg_with_gps(width: int = 640, height: int = 480) -> bytes:
    """A photo carrying a GPS position, a camera model and an orientation in its EXIF."""
    img = Image.new("RGB", (width, height), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0110] = "Model X"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (55.0, 45.0, 21.0)
    gps[3] = "E"
    gps[4] = (37.0, 37.0, 4.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, quality=90)
    data = buf.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the fixture has GPS"
    return data


def png(width: int = 300, height: int = 120) -> bytes:
    buf = io.BytesIO()
    colour = tuple(secrets.randbelow(256) for _ in range(3))
    Image.new("RGB", (width, height), colour).save(buf, "PNG")
    return buf.getvalue()


def put_avatar(api: Api, data: bytes, name: str = "me.jpg", path: str = "/me/avatar") -> object:
    return api.put(path, files={"image": (name, data, "image/jpeg")})


def fetch(api: Api, url: str) -> tuple[int, bytes, dict[str, str]]:
    r = api.get(url.removeprefix("/api/v1"))
    return r.status_code, r.content, dict(r.headers)


def test_upload_replace_and_remove_my_avatar(server: LiveServer) -> None:
    person = make_person(server)
    api = person.client(server)
    assert api.get("/me").json()["avatar_url"] is None

    r = api.put("/me/avatar", files={"image": ("photo.jpg", jpeg_with_gps(), "image/jpeg")})
    assert r.status_code == 200, r.text
    first = r.json()["avatar_url"]
    assert first.startswith("/api/v1/avatars/")
    assert api.get("/me").json()["avatar_url"] == first

    status, body, headers = fetch(api, first)
    assert status == 200
    assert headers["content-type"] == "image/webp"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"].startswith("private")
    img = Image.open(io.BytesIO(body))
    assert img.format == "WEBP"
    assert img.size == (256, 256)  # a 640×480 photo, centre-cropped to a square

    r = api.put("/me/avatar", files={"image": ("wide.png", png(), "image/png")})
    assert r.status_code == 200, r.text
    second = r.json()["avatar_url"]
    assert second != first
    assert fetch(api, first)[0] == 404  # the replaced picture is gone
    assert fetch(api, second)[0] == 200

    assert api.delete("/me/avatar").status_code == 204
    assert api.get("/me").json()["avatar_url"] is None
    assert fetch(api, second)[0] == 404
    assert api.delete("/me/avatar").status_code == 204  # removing nothing is fine


def test_exif_and_gps_are_removed(server: LiveServer) -> None:
    person = make_person(server)
    api = person.client(server)
    original = jpeg_with_gps()
    url = api.put("/me/avatar", files={"image": ("gps.jpg", original, "image/jpeg")}).json()[
        "avatar_url"
    ]
    _, body, _ = fetch(api, url)
    img = Image.open(io.BytesIO(body))
    assert not img.getexif(), "no EXIF at all"
    assert "exif" not in img.info and "xmp" not in img.info
    assert b"SpyCam" not in body and b"Exif" not in body
    # Only the re-encoded picture is stored: the original's bytes are nowhere on disk.
    root = server.settings.files_dir
    for f in root.rglob("*"):
        if f.is_file():
            assert b"SpyCam" not in f.read_bytes(), f


def test_not_an_image_is_415_and_too_big_is_413(server: LiveServer) -> None:
    api = make_person(server).client(server)
    html = b"<!doctype html><html><script>alert(1)</script></html>"
    r = api.put("/me/avatar", files={"image": ("photo.jpg", html, "image/jpeg")})
    assert r.status_code == 415, r.text
    assert r.json()["error"]["code"] == "unsupported_file_type"
    pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    r = api.put("/me/avatar", files={"image": ("photo.png", pdf, "image/png")})
    assert r.status_code == 415
    big = png(8, 8) + b"\0" * (5 * 1024 * 1024 + 10)
    r = api.put("/me/avatar", files={"image": ("big.png", big, "image/png")})
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "file_too_large"
    assert "5 MB" in r.json()["error"]["message"]
    # A PNG signature on broken data: refused as an unreadable picture, never a 500.
    broken = png(8, 8)[:40]
    r = api.put("/me/avatar", files={"image": ("broken.png", broken, "image/png")})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_image"
    r = api.put("/me/avatar", data={"x": "1"}, files={"other": ("a.png", png(), "image/png")})
    assert r.status_code == 422
    r = api.put("/me/avatar", content=png(), headers={"Content-Type": "image/png"})
    assert r.status_code == 415
    assert api.get("/me").json()["avatar_url"] is None


def test_avatar_is_seen_only_by_people_who_share_an_organisation(server: LiveServer) -> None:
    org = make_org(server)
    owner = make_member(server, org.id, "teacher")
    colleague = make_member(server, org.id, "student")
    other_org = make_org(server)
    stranger = make_member(server, other_org.id, "teacher")
    loner = make_person(server)

    url = (
        owner.client(server)
        .put("/me/avatar", files={"image": ("a.png", png(), "image/png")})
        .json()["avatar_url"]
    )
    assert fetch(owner.client(server), url)[0] == 200
    assert fetch(colleague.client(server), url)[0] == 200
    assert fetch(stranger.client(server), url)[0] == 404
    assert fetch(loner.client(server), url)[0] == 404
    with Api(server.url) as anon:
        assert fetch(anon, url)[0] == 401
    assert fetch(colleague.client(server), "/api/v1/avatars/nope")[0] == 404
    assert fetch(colleague.client(server), "/api/v1/avatars/" + "0" * 26)[0] == 404


def test_chat_avatar_by_moderators_seen_by_members(server: LiveServer) -> None:
    school = make_school(server)
    teacher = school.teacher.client(server)
    student = school.students[0].client(server)
    chat = school.chat_of_kind(teacher, "class")
    path = f"/orgs/{school.org.id}/chats/{chat['id']}/avatar"
    assert chat["avatar_url"] is None

    # A member who is not a moderator cannot change it.
    r = student.put(path, files={"image": ("c.png", png(), "image/png")})
    assert r.status_code == 403, r.text
    assert student.delete(path).status_code == 403
    # Someone who is not in the chat does not see it at all.
    other = school.other_student.client(server)
    assert other.put(path, files={"image": ("c.png", png(), "image/png")}).status_code == 404

    r = teacher.put(path, files={"image": ("c.png", png(), "image/png")})
    assert r.status_code == 200, r.text
    url = r.json()["avatar_url"]
    mine = next(c for c in school.chats(student) if c["id"] == chat["id"])
    assert mine["avatar_url"] == url
    assert fetch(student, url)[0] == 200
    assert fetch(other, url)[0] == 404
    outsider = make_member(server, make_org(server).id, "teacher").client(server)
    assert fetch(outsider, url)[0] == 404

    assert teacher.delete(path).status_code == 204
    assert fetch(student, url)[0] == 404
    assert next(c for c in school.chats(student) if c["id"] == chat["id"])["avatar_url"] is None


def test_direct_chat_shows_the_peer_avatar(server: LiveServer) -> None:
    school = make_school(server)
    teacher = school.teacher.client(server)
    student = school.students[0]
    url = (
        student.client(server)
        .put("/me/avatar", files={"image": ("s.png", png(), "image/png")})
        .json()["avatar_url"]
    )
    r = teacher.post(f"/orgs/{school.org.id}/chats/direct", json={"account_id": student.account_id})
    assert r.status_code == 200, r.text
    assert r.json()["peer"]["avatar_url"] == url
    direct = r.json()["id"]
    r = teacher.put(
        f"/orgs/{school.org.id}/chats/{direct}/avatar",
        files={"image": ("c.png", png(), "image/png")},
    )
    assert r.status_code == 403
