"""Files in a library: shared from a chat without copying bytes, or uploaded through the
files pipeline (sniffed type, limits, pictures without location); downloads follow the
library's own read rules."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Attachment, MaterialItem, StoredFile
from tests.chats.helpers import School, error_code, make_school
from tests.files.helpers import PDF, class_chat, get_file, jpeg_with_gps, send, uploaded
from tests.harness import LiveServer
from tests.materials.helpers import created, upload

MB = 1024 * 1024


@pytest.fixture(scope="module")
def s(server: LiveServer) -> School:
    return make_school(server, students=1)


def _stored_count(server: LiveServer, org_id: str) -> int:
    async def count(db: AsyncSession) -> int:
        stmt = sa.select(sa.func.count(StoredFile.id)).where(StoredFile.org_id == org_id)
        return int((await db.execute(stmt)).scalar_one())

    return server.db(count)


def test_share_from_chat_points_at_the_same_bytes(server: LiveServer, s: School) -> None:
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    up = uploaded(teacher, s.org.id, chat, "контрольная.pdf", PDF)
    pending = {"place": "class", "place_id": s.cls.id, "attachment_id": up["id"]}
    r = teacher.post(f"/orgs/{s.org.id}/materials/shared", json=pending)
    assert r.status_code == 422 and error_code(r) == "not_shareable"  # not sent yet
    sent = send(teacher, s.org.id, chat, [up["id"]], "Контрольная").json()
    att = sent["attachments"][0]
    before = _stored_count(server, s.org.id)

    item = created(teacher.post(f"/orgs/{s.org.id}/materials/shared", json=pending))
    assert item["kind"] == "file" and item["title"] == "контрольная.pdf"
    assert item["file"]["mime"] == "application/pdf" and item["file"]["size"] == len(PDF)
    assert _stored_count(server, s.org.id) == before  # no new stored file, no new bytes

    async def file_ids(db: AsyncSession) -> tuple[str | None, str]:
        m = await db.get(MaterialItem, item["id"])
        a = await db.get(Attachment, att["id"])
        assert m is not None and a is not None
        return m.file_id, a.file_id

    mine, theirs = server.db(file_ids)
    assert mine == theirs

    # A parent of the class (not in the class chat) opens it from the library.
    parent = s.parents[0].client(server)
    got = get_file(parent, item["file"]["url"])
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["x-content-type-options"] == "nosniff"
    assert get_file(parent, att["url"]).status_code == 404  # the chat's copy stays private
    # The other class's student cannot, with the same link; a forged link is refused.
    other = s.other_student.client(server)
    assert get_file(other, item["file"]["url"]).status_code == 404
    forged = item["file"]["url"].replace("sig=", "sig=0")
    assert get_file(parent, forged).status_code == 403
    # An attachment link's signature does not open a library item of the same id.
    assert get_file(parent, att["url"].replace("/files/", "/material-files/")).status_code in (
        403,
        404,
    )

    # Someone who cannot read the chat cannot share its file.
    r = s.other_teacher.client(server).post(
        f"/orgs/{s.org.id}/materials/shared", json={**pending, "title": "Чужое"}
    )
    assert r.status_code == 404

    # Deleting the library item leaves the chat's file alone.
    path = f"/orgs/{s.org.id}/materials/items/{item['id']}"
    assert teacher.delete(path).status_code == 204
    assert _stored_count(server, s.org.id) == before
    assert get_file(s.students[0].client(server), att["url"]).status_code == 200


def test_direct_upload_goes_through_the_files_pipeline(server: LiveServer, s: School) -> None:
    teacher = s.teacher.client(server)
    # The type comes from the content, not the name.
    item = created(upload(teacher, s.org.id, "class", s.cls.id, "фото.pdf", jpeg_with_gps()))
    f = item["file"]
    assert f["kind"] == "image" and f["mime"] == "image/jpeg" and item["title"] == "фото.pdf"
    assert (f["width"], f["height"]) == (900, 1600)  # turned upright by its EXIF orientation
    assert f["thumb_url"] and f["preview_url"]
    student = s.students[0].client(server)
    got = get_file(student, f["url"])
    assert got.status_code == 200
    exif = Image.open(io.BytesIO(got.content)).getexif()
    assert not exif.get_ifd(0x8825)  # no location left
    assert get_file(student, f["thumb_url"]).status_code == 200

    titled = created(upload(teacher, s.org.id, "class", s.cls.id, "a.pdf", PDF, title="План"))
    assert titled["title"] == "План" and titled["file"]["name"] == "a.pdf"
    r = upload(teacher, s.org.id, "class", s.cls.id, "empty.pdf", b"")
    assert r.status_code == 422 and error_code(r) == "empty_file"
    r = upload(s.students[0].client(server), s.org.id, "class", s.cls.id, "x.pdf", PDF)
    assert r.status_code == 403 and error_code(r) == "materials_read_only"
    r = upload(teacher, s.org.id, "class", s.other_cls.id, "x.pdf", PDF, title="x" * 201)
    assert r.status_code == 422

    admin = s.org.admin.client(server)
    assert (
        admin.patch(f"/orgs/{s.org.id}", json={"settings": {"file_max_mb": 1}}).status_code == 200
    )
    big = PDF + b"0" * (MB + 1000)
    r = upload(teacher, s.org.id, "class", s.cls.id, "big.pdf", big)
    assert r.status_code == 413 and error_code(r) == "file_too_large"
    used = admin.get(f"/orgs/{s.org.id}").json()["settings"]["storage_used_bytes"]
    r = admin.patch(
        f"/orgs/{s.org.id}", json={"settings": {"file_max_mb": 25, "storage_quota_mb": 1}}
    )
    assert r.status_code == 200
    r = upload(teacher, s.org.id, "class", s.cls.id, "fits-not.pdf", PDF + b"0" * (MB - used))
    assert r.status_code == 413 and error_code(r) == "quota_exceeded"
    r = admin.patch(f"/orgs/{s.org.id}", json={"settings": {"storage_quota_mb": 10240}})
    assert r.status_code == 200

    # A file uploaded to the library is the library's: deleting it frees its storage.
    assert teacher.delete(f"/orgs/{s.org.id}/materials/items/{titled['id']}").status_code == 204
    after = admin.get(f"/orgs/{s.org.id}").json()["settings"]["storage_used_bytes"]
    assert after == used - len(PDF)
