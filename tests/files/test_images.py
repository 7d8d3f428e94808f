"""Pictures: location data removed from what is stored, orientation kept, bombs refused."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from tests.chats.helpers import error_code, make_school
from tests.files.helpers import class_chat, get_file, jpeg_with_gps, send, upload, uploaded
from tests.harness import LiveServer

GPS_IFD = 0x8825


def test_gps_is_removed_and_orientation_kept(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = class_chat(s, teacher)
    original = jpeg_with_gps((1600, 900), orientation=6)
    with Image.open(io.BytesIO(original)) as img:
        assert img.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    pic = uploaded(teacher, s.org.id, chat, "IMG_0001.jpg", original)
    # Orientation 6 turns the photo on its side: people see it 900 wide, 1600 high.
    assert (pic["width"], pic["height"]) == (900, 1600)
    assert send(teacher, s.org.id, chat, [pic["id"]]).status_code == 201

    stored = get_file(student, pic["url"])
    assert stored.status_code == 200 and stored.headers["content-type"] == "image/jpeg"
    assert stored.content != original
    with Image.open(io.BytesIO(stored.content)) as img:
        exif = img.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
        assert exif[0x0112] == 6 and exif[0x010F] == "PartaCam"  # still shown upright
        assert img.size == (1600, 900)
    assert b"PartaCam" in stored.content and b"GPS" not in stored.content
    for key in ("thumb_url", "preview_url"):
        r = get_file(student, pic[key])
        with Image.open(io.BytesIO(r.content)) as img:
            assert not img.getexif()
            assert img.height > img.width  # already turned upright


def test_picture_without_location_is_stored_as_sent(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    out = io.BytesIO()
    Image.new("RGB", (50, 40), "green").save(out, "JPEG")
    pic = uploaded(teacher, s.org.id, chat, "plain.jpg", out.getvalue())
    assert get_file(teacher, pic["url"]).content == out.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims enormous dimensions (a decompression bomb's first bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_decompression_bomb_is_refused(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    for w, h in ((20_000, 20_000), (100_000, 100_000)):
        r = upload(teacher, s.org.id, chat, "bomb.png", _png_header_only(w, h))
        assert r.status_code == 422, r.text
        assert error_code(r) == "image_too_large"
        assert "megapixels" in r.json()["error"]["message"]
