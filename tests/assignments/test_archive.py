"""All hand-ins as one zip: a folder per student."""

from __future__ import annotations

import io
import zipfile

from parta.auth.roles import OrgRole
from tests.assignments.helpers import create, handed_in, upload
from tests.builders import make_member, make_person
from tests.chats.helpers import error_code, make_school, reconcile
from tests.harness import LiveServer


def test_archive_has_a_folder_per_student_with_their_files(server: LiveServer) -> None:
    s = make_school(server, students=1)
    # Two students with the same name get two folders.
    twins = [
        make_member(
            server,
            s.org.id,
            OrgRole.STUDENT,
            class_id=s.cls.id,
            person=make_person(server, "Иван Петров"),
        )
        for _ in range(2)
    ]
    odd = make_member(
        server, s.org.id, OrgRole.STUDENT, class_id=s.cls.id, person=make_person(server, "../A/B")
    )
    reconcile(server, s.org.id)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    task = create(teacher, s.org.id, chat_id, title="Лабораторная №1")["assignment"]
    first, second, slashes = (p.client(server) for p in (*twins, odd))
    big = bytes(range(256)) * 4096  # 1 MiB, not compressible to nothing
    handed_in(
        first,
        s.org.id,
        task["id"],
        [
            upload(first, s.org.id, chat_id, "отчёт.txt", "первый".encode())["id"],
            upload(first, s.org.id, chat_id, "отчёт.txt", "второй файл".encode())["id"],
        ],
        comment="Сделал всё",
    )
    handed_in(
        second, s.org.id, task["id"], [upload(second, s.org.id, chat_id, "data.bin", big)["id"]]
    )
    handed_in(
        slashes, s.org.id, task["id"], [upload(slashes, s.org.id, chat_id, "x.txt", b"x")["id"]]
    )

    r = teacher.get(f"/orgs/{s.org.id}/assignments/{task['id']}/archive.zip")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["content-disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert zf.testzip() is None
        contents = {name: zf.read(name) for name in zf.namelist()}
    folders = {name.split("/")[0] for name in contents}
    assert folders == {"Иван Петров", "Иван Петров (2)", "_A_B"}
    # Every path is one folder and one file: no path escapes the archive.
    assert all(name.count("/") == 1 and not name.startswith(("/", ".")) for name in contents)
    by_folder: dict[str, dict[str, bytes]] = {}
    for name, data in contents.items():
        folder, file = name.split("/")
        by_folder.setdefault(folder, {})[file] = data
    twin_files = [by_folder[f] for f in ("Иван Петров", "Иван Петров (2)")]
    with_report = next(f for f in twin_files if "отчёт.txt" in f)
    assert with_report == {
        "отчёт.txt": "первый".encode(),
        "отчёт (2).txt": "второй файл".encode(),
        "comment.txt": "Сделал всё".encode(),
    }
    with_data = next(f for f in twin_files if "data.bin" in f)
    assert with_data == {"data.bin": big}
    assert by_folder["_A_B"] == {"x.txt": b"x"}
    # The student who has not handed in (the school's own) has no folder.
    assert s.students[0].name not in folders


def test_only_the_author_downloads_the_archive(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann = s.students[0].client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    task = create(teacher, s.org.id, chat_id)["assignment"]
    r = ann.get(f"/orgs/{s.org.id}/assignments/{task['id']}/archive.zip")
    assert r.status_code == 403 and error_code(r) == "not_assignment_author"
    # Nobody handed in yet: an empty but valid zip.
    r = teacher.get(f"/orgs/{s.org.id}/assignments/{task['id']}/archive.zip")
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert zf.namelist() == []
